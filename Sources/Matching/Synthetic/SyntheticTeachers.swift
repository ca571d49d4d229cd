import Foundation
import Normalization

/// A labelled synthetic province: teachers with duplicates carrying the
/// corruptions schools produce, and hard negatives (many holders of the
/// commonest names, twins, siblings, same name and birth date). Fully
/// determined by its seed.
public struct SyntheticTeachers: Sendable {
    public enum Corruption: String, CaseIterable, Sendable {
        case traditional, homophone, droppedCharacter = "dropped_character", dotVariant = "dot_variant"
        case whitespace, fifteenDigitID = "15_digit_id", idTypo = "id_typo", idTransposition = "id_transposition"
        case blankID = "blank_id", passport, swappedDayMonth = "swapped_day_month", lunarShift = "lunar_shift"
        case wrongGender = "wrong_gender", formerName = "former_name", fullWidth = "full_width"
    }

    public struct Row: Sendable {
        public let cells: TeacherCells
        public let entity: Int
        /// What was done to this record (empty for an entity's first record).
        public let corruptions: [Corruption]
    }

    public let rows: [Row]

    /// Counties of one province (Jiangxi, 36) that teachers' IDs and schools use.
    static let counties = [360102, 360103, 360104, 360111, 360121, 360123, 360124, 360202, 360203, 360222, 360302, 360313,
                           360402, 360403, 360421, 360502, 360521, 360602, 360681, 360702, 360703, 360721, 360802, 360821,
                           360902, 360921, 361002, 361021, 361102, 361121, 650102, 650103]

    private struct Person {
        var name: String
        var formerName: String?
        var gender: Gender
        var birth: CivilDate
        var id: ResidentIDNumber
        var ethnicity: String
        var certificate: String?
        var phone: String?
        var school: Int
        var county: Int
        var hire: CivilDate
    }

    /// `count` records in all, about `duplicateRate` of entities with extra records.
    public init(count: Int, seed: UInt64, duplicateRate: Double = 0.12) {
        var random = SplitMix64(seed: seed)
        let schoolCount = max(10, count / 60)
        var rows: [Row] = []
        rows.reserveCapacity(count)
        var usedIDs = Set<UInt64>()
        var entity = 0

        func pickSurname() -> Character {
            // Roughly Zipf: the first surnames are much more frequent.
            let rank = Int(Double(SyntheticNames.surnames.count) * pow(random.unit(), 2.2))
            return SyntheticNames.surnames[min(rank, SyntheticNames.surnames.count - 1)]
        }
        func pickGiven() -> String {
            let length = random.unit() < 0.35 ? 1 : 2
            return String((0..<length).map { _ in
                let rank = Int(Double(SyntheticNames.givenCharacters.count) * pow(random.unit(), 1.6))
                return SyntheticNames.givenCharacters[min(rank, SyntheticNames.givenCharacters.count - 1)]
            })
        }
        func newID(county: Int, birth: CivilDate, gender: Gender, near: Int? = nil) -> ResidentIDNumber {
            // A twin's number is near the sibling's; when those few are taken, any free one (else a large province never ends).
            var attempts = 0
            while true {
                attempts += 1
                var sequence = (attempts <= 8 ? near : nil).map { $0 + 1 + random.below(3) } ?? random.below(500) * 2
                if (sequence % 2 == 1) != (gender == .male) { sequence += 1 }
                sequence %= 1000
                let body = UInt64(county) * 100_000_000_000 + UInt64(birth.year * 10_000 + birth.month * 100 + birth.day) * 1000
                    + UInt64(sequence)
                let id = ResidentIDNumber(body: body)
                if usedIDs.insert(id.body).inserted { return id }
            }
        }
        func newPerson() -> Person {
            let gender: Gender = random.unit() < 0.7 ? .female : .male
            let birth = CivilDate(daysSinceEpoch: CivilDate(year: 1962, month: 1, day: 1)!.daysSinceEpoch + random.below(40 * 365))
            let county = Self.counties[random.below(Self.counties.count)]
            var name: String
            let roll = random.unit()
            if county / 10_000 == 65, roll < 0.6 {
                name = SyntheticNames.dotted[random.below(SyntheticNames.dotted.count)]
            } else if roll < 0.04 {
                name = SyntheticNames.common[random.below(SyntheticNames.common.count)]
            } else {
                name = String(pickSurname()) + pickGiven()
            }
            let school = random.below(schoolCount)
            return Person(
                name: name, formerName: random.unit() < 0.03 ? String(name.first!) + pickGiven() : nil, gender: gender,
                birth: birth, id: newID(county: county, birth: birth, gender: gender),
                ethnicity: county / 10_000 == 65 && name.contains("·") ? "05" : (random.unit() < 0.92 ? "01" : ["03", "04", "08", "09", "12", "15"][random.below(6)]),
                certificate: random.unit() < 0.7 ? "20\(10 + random.below(15))36\(100 + random.below(900))\(random.below(7) + 1)\(random.below(2))\(100_000 + random.below(900_000))" : nil,
                phone: random.unit() < 0.6 ? "1\([3, 5, 7, 8, 9][random.below(5)])\(100_000_000 + random.below(900_000_000))" : nil,
                school: school, county: county,
                hire: birth.adding(days: (20 + random.below(6)) * 365 + random.below(300)))
        }

        func emit(_ person: Person, entity: Int, corruptions: [Corruption], school: Int? = nil) {
            var name = person.name, former = person.formerName
            var idText: String? = person.id.fullNumber
            var idType = "1"
            var birth = person.birth
            var gender = person.gender
            for corruption in corruptions {
                switch corruption {
                case .traditional:
                    name = String(name.map { SyntheticNames.traditional[$0] ?? $0 })
                case .homophone:
                    let characters = Array(name)
                    if let index = characters.indices.reversed().first(where: { SyntheticNames.homophones[characters[$0]] != nil }) {
                        var changed = characters
                        changed[index] = SyntheticNames.homophones[characters[index]]!
                        name = String(changed)
                    }
                case .droppedCharacter:
                    var characters = Array(name)
                    if characters.count >= 3, !name.contains("·") { characters.remove(at: 1 + random.below(characters.count - 1)) }
                    name = String(characters)
                case .dotVariant:
                    name = name.replacingOccurrences(of: "·", with: SyntheticNames.dotVariants[random.below(SyntheticNames.dotVariants.count)])
                case .whitespace:
                    var characters = Array(name)
                    characters.insert(random.unit() < 0.5 ? "\u{3000}" : " ", at: min(1, characters.count))
                    name = " " + String(characters) + (random.unit() < 0.5 ? " " : "")
                case .fifteenDigitID:
                    // Only numbers issued before 2000 ever had the 15-digit form.
                    guard person.birth.year < 2000 else { continue }
                    let full = person.id.fullNumber
                    idText = String(full.prefix(6)) + String(full.dropFirst(8).prefix(9))
                case .idTypo:
                    var digits = Array(idText ?? person.id.fullNumber)
                    let position = random.below(digits.count)
                    let old = digits[position].wholeNumberValue ?? 10
                    digits[position] = Character(String((old + 1 + random.below(9)) % 10))
                    idText = String(digits)
                case .idTransposition:
                    var digits = Array(idText ?? person.id.fullNumber)
                    let candidates = (1..<(digits.count - 2)).filter { digits[$0] != digits[$0 + 1] }
                    if let position = candidates.isEmpty ? nil : candidates[random.below(candidates.count)] {
                        digits.swapAt(position, position + 1)
                    }
                    idText = String(digits)
                case .blankID:
                    idText = nil
                case .passport:
                    idType = "A"
                    idText = "E\(10_000_000 + random.below(89_999_999))"
                case .swappedDayMonth:
                    if birth.day <= 12, birth.day != birth.month, let swapped = CivilDate(year: birth.year, month: birth.day, day: birth.month) {
                        birth = swapped
                    } else {
                        birth = birth.adding(days: 1)
                    }
                case .lunarShift:
                    birth = birth.adding(days: 15 + random.below(40))
                case .wrongGender:
                    gender = gender == .male ? .female : .male
                case .formerName:
                    if let previous = former { former = name; name = previous }
                    else { former = name; name = String(name.prefix(1)) + pickGiven() }
                case .fullWidth:
                    idText = idText.map { String($0.map { $0.isNumber ? Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!) : ($0 == "X" ? "x" : $0) }) }
                }
            }
            let schoolIndex = school ?? person.school
            let county = Self.counties[schoolIndex % Self.counties.count]
            rows.append(Row(
                cells: TeacherCells(
                    recordID: "R\(rows.count + 1)",
                    schoolCode: "21\(36)\(String(100_000 + schoolIndex).suffix(6))",
                    countyCode: String(county),
                    identity: IdentityCells(name: name, formerName: former, gender: gender.label,
                                            birthDate: Self.render(birth, &random), documentType: idType,
                                            documentNumber: idText),
                    ethnicity: person.ethnicity, certNumber: person.certificate, phone: person.phone,
                    hireDate: "\(person.hire.year)-\(person.hire.month)"),
                entity: entity, corruptions: corruptions))
        }

        while rows.count < count {
            let person = newPerson()
            let personEntity = entity
            entity += 1
            emit(person, entity: personEntity, corruptions: [])
            // Hard negatives: a twin, a namesake born the same day, a sibling.
            let roll = random.unit()
            if roll < 0.01, rows.count < count {
                var twin = newPerson()
                twin.gender = person.gender
                twin.birth = person.birth
                twin.county = person.county
                twin.ethnicity = person.ethnicity
                if random.unit() < 0.5 { twin.school = person.school }
                twin.name = String(person.name.prefix(person.name.count - 1))
                    + String(SyntheticNames.givenCharacters[random.below(SyntheticNames.givenCharacters.count)])
                twin.id = newID(county: person.county, birth: person.birth, gender: person.gender, near: person.id.sequence)
                emit(twin, entity: entity, corruptions: [])
                entity += 1
            } else if roll < 0.02, rows.count < count {
                var namesake = newPerson()
                namesake.name = person.name
                namesake.birth = person.birth
                namesake.id = newID(county: namesake.county, birth: person.birth, gender: namesake.gender)
                emit(namesake, entity: entity, corruptions: [])
                entity += 1
            } else if roll < 0.025, rows.count < count {
                var sibling = newPerson()
                sibling.name = String(person.name.prefix(1)) + pickGiven()
                sibling.county = person.county
                sibling.birth = person.birth.adding(days: 365 + random.below(900))
                sibling.id = newID(county: person.county, birth: sibling.birth, gender: sibling.gender)
                emit(sibling, entity: entity, corruptions: [])
                entity += 1
            }
            // Duplicates of this person, mostly at another school.
            if random.unit() < duplicateRate {
                let copies = random.unit() < 0.15 ? 2 : 1
                for _ in 0..<copies where rows.count < count {
                    var kinds: [Corruption] = [Corruption.allCases[random.below(Corruption.allCases.count)]]
                    if random.unit() < 0.3 {
                        let second = Corruption.allCases[random.below(Corruption.allCases.count)]
                        if second != kinds[0] { kinds.append(second) }
                    }
                    emit(person, entity: personEntity, corruptions: kinds,
                         school: random.unit() < 0.75 ? random.below(schoolCount) : person.school)
                }
            }
        }
        self.rows = rows
    }

    /// A birth date in one of the forms templates contain.
    static func render(_ date: CivilDate, _ random: inout SplitMix64) -> String {
        let m = date.month, d = date.day
        switch random.below(7) {
        case 0: return "\(date.year)/\(m)/\(d)"
        case 1: return "\(date.year)年\(m)月\(d)日"
        case 2: return "\(date.year).\(m).\(d)"
        case 3: return date.description.replacingOccurrences(of: "-", with: "")
        case 4: return String(ExcelSerialDate.serial(of: date))
        default: return date.description
        }
    }
}

