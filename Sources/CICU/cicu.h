// Carries the ICU link flags and the apt hint for the shim; Swift never
// imports ICU's own headers because their symbols are renamed per version.
#include <unicode/utypes.h>
