import Foundation
import Intake
import Matching
import Normalization
import Registry
import Synchronization

/// The registry's use cases as a signed-in user may perform them. Every
/// method takes the caller and checks its jurisdiction before reading or
/// changing anything; a teacher outside it is "not found".
public final class RegistryService: Sendable {
    public let database: RegistryDatabase
    public let registrar: Registrar
    let pipeline: ImportPipeline
    let normalizer: IdentityNormalizer
    /// The province the registry serves.
    public let province: Int
    /// Upload size limit in bytes.
    public let uploadLimit: Int
    let matchIndex: MatchIndexCache
    /// Every GB/T 2260 code since 1980, for checking the counties of schools.
    let regions: RegionTable
    /// Sign-in protection: bcrypt off the request threads, failures per address and per unknown name, transfer look-ups per user.
    let hashing = HashingPool()
    let addressFailures = FailureThrottle(free: SignInPolicy.freeAddressFailures, first: SignInPolicy.firstAddressWait)
    let unknownNameFailures = FailureThrottle(free: SignInPolicy.freeFailures, first: SignInPolicy.firstWait)
    let transferLookups = RateLimit(limit: SignInPolicy.transferLookupsPerWindow, window: SignInPolicy.transferLookupWindow)
    let dummyHashes = Mutex<[UInt8: String]>([:])
    /// Private folders beside the registry for uploads and exports in progress.
    public let work: WorkFolders

    public init(database: RegistryDatabase, model: MatchModel = .standard, uploadLimit: Int = 64 << 20) throws {
        self.database = database
        normalizer = try IdentityNormalizer.standard()
        registrar = Registrar(database: database, normalizer: normalizer, model: model)
        pipeline = ImportPipeline(registrar: registrar, validator: try TemplateValidator())
        province = try database.province()
        self.uploadLimit = uploadLimit
        matchIndex = MatchIndexCache(registrar: registrar)
        regions = try RegionTable.shipped()
        work = try WorkFolders(besideRegistry: database.path)
    }

    /// Starts building the in-memory match index (a server does this at start).
    public func warmMatchIndex() { matchIndex.rebuild() }

    /// Whether match answers come from the in-memory index yet.
    public var matchIndexReady: Bool { matchIndex.isReady }

    // MARK: - Scope helpers

    /// The teacher a key names (teacher number, or a document number), if the caller may at least read them.
    func visibleTeacher(_ key: String, reader: RegistryReader, principal: Principal) throws -> (Teacher, TeacherAccess) {
        let teacher: Teacher?
        if key.count == 13, let found = try reader.teacher(number: key) {
            teacher = found
        } else {
            let canonical = normalizer.documents.check(key).document?.canonical ?? key.uppercased()
            teacher = try reader.teacher(documentKind: nil, number: canonical)
        }
        guard let teacher else { throw ServiceError(.notFound, .noTeacherInJurisdiction(Masking.mask(key))) }
        let access = try principal.access(to: teacher, reader: reader)
        guard access >= .read else { throw ServiceError(.notFound, .noTeacherInJurisdiction(Masking.mask(key))) }
        return (teacher, access)
    }

    /// The teacher a key names, if the caller may change them.
    func changeableTeacher(_ key: String, reader: RegistryReader, principal: Principal) throws -> Teacher {
        let (teacher, access) = try visibleTeacher(key, reader: reader, principal: principal)
        guard access == .write else {
            throw ServiceError(.forbidden, .readOnlyTeacher(teacher.number))
        }
        return teacher
    }
}
