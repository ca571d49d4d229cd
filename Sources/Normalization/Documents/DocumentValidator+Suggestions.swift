extension DocumentValidator {
    /// Every valid number one typing error away from `id`: one character
    /// substituted (the check character included) or two adjacent characters
    /// swapped, whose layout (province, real birth date) is sound. The
    /// matcher uses them to tell a typo from a different person.
    func suggestions(for id: ResidentIDNumber, kind: DocumentKind) -> [ResidentIDNumber] {
        var characters = [UInt8](repeating: 0, count: 18)
        var rest = id.body
        for index in stride(from: 16, through: 0, by: -1) {
            characters[index] = UInt8(rest % 10)
            rest /= 10
        }
        characters[17] = id.check
        var found: Set<ResidentIDNumber> = []

        func consider(_ candidate: [UInt8]) {
            guard candidate[..<17].allSatisfy({ $0 < 10 }) else { return }
            let body = candidate[..<17].reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
            let number = ResidentIDNumber(body: body, check: candidate[17])
            guard number.hasValidCheck, number != id, layoutProblem(of: number, kind: kind) == nil else { return }
            found.insert(number)
        }

        // Substitutions: the check character, then each body digit.
        var candidate = characters
        candidate[17] = MOD11_2.check(forBody: id.body)
        consider(candidate)
        for index in 0..<17 {
            for digit in UInt8(0)...9 where digit != characters[index] {
                candidate = characters
                candidate[index] = digit
                consider(candidate)
            }
        }
        // Adjacent transpositions, the last one moving the check character.
        for index in 0..<17 where characters[index] != characters[index + 1] {
            candidate = characters
            candidate.swapAt(index, index + 1)
            consider(candidate)
        }
        return found.sorted()
    }
}
