import Testing
@testable import Registry

@Suite struct TeacherNumberTests {
    static let provinces: Set<Int> = [36, 44, 65]

    @Test func numbersHaveProvinceDigitsAndAValidCheckCharacter() throws {
        let number = TeacherNumber(province: 36, permuted: 4_829_103_746)
        #expect(number.text.count == 13)
        #expect(number.text.hasPrefix("364829103746"))
        #expect(try TeacherNumber(validating: number.text, provinces: Self.provinces) == number)
        #expect(try TeacherNumber(validating: number.text.lowercased(), provinces: Self.provinces) == number)
    }

    @Test func checkCharacterCatchesEverySingleErrorAndAdjacentSwap() {
        for permuted: UInt64 in [0, 1, 4_829_103_746, 9_999_999_999, 1_234_567_890] {
            let text = Array(TeacherNumber(province: 44, permuted: permuted).text)
            for position in 0..<12 {
                for digit in "0123456789" where digit != text[position] {
                    var typo = text
                    typo[position] = digit
                    #expect(throws: TeacherNumber.Problem.self) { try TeacherNumber(validating: String(typo), provinces: [44, 14, 24, 34, 54, 64, 74, 84, 94, 40, 41, 42, 43, 45, 46, 47, 48, 49]) }
                }
                if position < 12, text[position] != text[position + 1] {
                    var swapped = text
                    swapped.swapAt(position, position + 1)
                    #expect(throws: TeacherNumber.Problem.self) { try TeacherNumber(validating: String(swapped), provinces: Set(10...99)) }
                }
            }
        }
    }

    @Test func wrongLengthProvinceAndCharactersAreNamed() {
        #expect(throws: TeacherNumber.Problem.length(18)) { try TeacherNumber(validating: "11010519491231002X", provinces: Self.provinces) }
        #expect(throws: TeacherNumber.Problem.province("99")) {
            try TeacherNumber(validating: TeacherNumber(province: 99, permuted: 5).text, provinces: Self.provinces)
        }
        #expect(throws: TeacherNumber.Problem.character(position: 3)) { try TeacherNumber(validating: "36A1234567890", provinces: Self.provinces) }
    }

    @Test func counterPermutationIsABijectionThatHidesTheOrder() {
        let permutation = CounterPermutation(key: 0xC0FFEE)
        var seen = Set<UInt64>()
        var ascending = 0
        var previous: UInt64 = 0
        for counter: UInt64 in 0..<20_000 {
            let value = permutation.apply(counter)
            #expect(value < CounterPermutation.domain)
            #expect(permutation.invert(value) == counter)
            #expect(seen.insert(value).inserted)
            if value > previous { ascending += 1 }
            previous = value
        }
        // A visible sequence would ascend almost always; a permutation about half the time.
        #expect((8_000...12_000).contains(ascending))
        #expect(CounterPermutation(key: 1).apply(7) != CounterPermutation(key: 2).apply(7))
    }
}
