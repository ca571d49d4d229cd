import Foundation
import Normalization

/// Computes the comparison vector of a pair of records.
enum Comparator {
    static func compare(_ a: RecordFeatures, _ b: RecordFeatures, in table: FeatureTable) -> ComparisonVector {
        compare(a, in: table, b, in: table)
    }

    /// Compares records of two tables (a query against an index).
    static func compare(_ a: RecordFeatures, in tableA: FeatureTable, _ b: RecordFeatures, in tableB: FeatureTable)
        -> ComparisonVector {
        var packed: UInt64 = 0
        func set(_ comparison: Comparison, _ level: UInt8) { packed |= UInt64(level) << (4 * comparison.rawValue) }
        set(.document, document(a, tableA, b, tableB))
        set(.name, name(a, b))
        set(.birthDate, birthDate(a, b))
        set(.gender, equality(UInt64(a.gender), UInt64(b.gender)))
        set(.ethnicity, equality(a.ethnicity, b.ethnicity))
        set(.certificate, equality(a.certificate, b.certificate))
        set(.phone, equality(a.phone, b.phone))
        set(.school, school(a, b))
        set(.hireDate, hireDate(a, b))
        return ComparisonVector(packed: packed)
    }

    static func equality(_ a: UInt64, _ b: UInt64) -> UInt8 {
        a == 0 || b == 0 ? 0 : a == b ? 1 : 2
    }

    static func document(_ a: RecordFeatures, _ tableA: FeatureTable, _ b: RecordFeatures, _ tableB: FeatureTable) -> UInt8 {
        if a.document != 0, a.document == b.document { return 1 }
        if a.suggestionCount > 0 || b.suggestionCount > 0 {
            let x = tableA.suggestions(of: a), y = tableB.suggestions(of: b)
            if a.residentPacked != 0, y.contains(a.residentPacked) { return 2 }
            if b.residentPacked != 0, x.contains(b.residentPacked) { return 2 }
            if !x.isEmpty, !y.isEmpty, x.contains(where: y.contains) { return 2 }
        }
        if a.residentPacked != 0, b.residentPacked != 0, a.documentKind == b.documentKind {
            // An old 15-digit number had no check digit: a typo in it is a valid
            // number. Not in the sequence digits, though: there twins differ.
            if a.fromFifteenDigits || b.fromFifteenDigits,
               a.residentPacked >> 4 / 1000 != b.residentPacked >> 4 / 1000,
               oneTypingErrorApart(a.residentPacked >> 4, b.residentPacked >> 4) {
                return 5
            }
            return 3
        }
        if a.document != 0, b.document != 0, a.documentKind == b.documentKind { return 4 }
        return 0
    }

    /// Two 17-digit bodies differ in one digit or by one adjacent swap.
    static func oneTypingErrorApart(_ x: UInt64, _ y: UInt64) -> Bool {
        var differing: [Int] = []
        var a = x, b = y
        for position in 0..<17 {
            if a % 10 != b % 10 { differing.append(position); if differing.count > 2 { return false } }
            a /= 10
            b /= 10
        }
        if differing.count == 1 { return true }
        guard differing.count == 2, differing[1] == differing[0] + 1 else { return false }
        let shift = UInt64(pow(10, Double(differing[0])))
        let (lowX, highX) = (x / shift % 10, x / shift / 10 % 10)
        let (lowY, highY) = (y / shift % 10, y / shift / 10 % 10)
        return lowX == highY && highX == lowY
    }

    static func name(_ a: RecordFeatures, _ b: RecordFeatures) -> UInt8 {
        if a.nameKey == 0 || b.nameKey == 0 { return 0 }
        if a.nameKey == b.nameKey { return 1 }
        if a.simplified == b.simplified { return 2 }
        if a.dotless == b.dotless { return 3 }
        if (a.formerDotless != 0 && a.formerDotless == b.dotless) || (b.formerDotless != 0 && b.formerDotless == a.dotless)
            || (a.formerDotless != 0 && a.formerDotless == b.formerDotless) {
            return 4
        }
        if a.pinyin == b.pinyin { return 5 }
        let x = a.nameScalars, y = b.nameScalars
        guard x.isComplete, y.isComplete else { return 8 }
        if x.count == y.count, x.count >= 2 {
            var differences = 0
            for index in 0..<x.count where x[index] != y[index] { differences += 1; if differences > 1 { break } }
            if differences == 1 { return 6 }
        }
        if abs(x.count - y.count) == 1, min(x.count, y.count) >= 2 {
            let (short, long) = x.count < y.count ? (x, y) : (y, x)
            var i = 0, skipped = false, matches = true
            for index in 0..<long.count {
                let value = long[index]
                if i < short.count, short[i] == value { i += 1 } else if !skipped { skipped = true } else { matches = false; break }
            }
            if matches { return 7 }
        }
        return 8
    }

    static func birthDate(_ a: RecordFeatures, _ b: RecordFeatures) -> UInt8 {
        if a.birth == 0 || b.birth == 0 { return 0 }
        let ay = a.birth / 10_000, am = a.birth / 100 % 100, ad = a.birth % 100
        let by = b.birth / 10_000, bm = b.birth / 100 % 100, bd = b.birth % 100
        if ad != 0, bd != 0 {
            if a.birth == b.birth { return 1 }
            if ay == by, am == bd, ad == bm { return 2 }
            if let x = CivilDate(year: Int(ay), month: Int(am), day: Int(ad)),
               let y = CivilDate(year: Int(by), month: Int(bm), day: Int(bd)),
               abs(x.daysSinceEpoch - y.daysSinceEpoch) <= 60 {
                return 3
            }
        }
        if am != 0, bm != 0, ay == by, am == bm { return 4 }
        if ay == by { return 5 }
        return 6
    }

    static func school(_ a: RecordFeatures, _ b: RecordFeatures) -> UInt8 {
        if a.school != 0, a.school == b.school { return 1 }
        if a.county != 0, a.county == b.county { return 2 }
        if a.school != 0, b.school != 0 { return 3 }
        return 0
    }

    static func hireDate(_ a: RecordFeatures, _ b: RecordFeatures) -> UInt8 {
        if a.hire == 0 || b.hire == 0 { return 0 }
        if a.hire / 100 == b.hire / 100 { return 1 }
        if a.hire / 10_000 == b.hire / 10_000 { return 2 }
        return 3
    }
}
