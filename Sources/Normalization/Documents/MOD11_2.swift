/// ISO 7064 MOD 11-2, the check character of GB 11643-1999 numbers.
enum MOD11_2 {
    /// W(i) = 2^(18-i) mod 11 for positions 1…17.
    static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check value (0…10, 10 written X) for a weighted sum mod 11.
    static let checkForSum: [UInt8] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2]

    /// Check value for 17 body digits.
    static func check(forBody body: UInt64) -> UInt8 {
        var rest = body
        var sum = 0
        var position = 16
        while position >= 0 {
            sum &+= Int(rest % 10) &* weights[position]
            rest /= 10
            position -= 1
        }
        return checkForSum[sum % 11]
    }

    static func character(_ value: UInt8) -> Character { value == 10 ? "X" : Character(String(value)) }
}
