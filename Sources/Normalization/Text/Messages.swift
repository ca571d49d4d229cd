/// The registry's human text, in one table: every refusal, summary and line an officer reads, Chinese and English
/// side by side. Callers build a `Text` here and print it in the reader's language; nothing else writes human text
/// in two languages. (Code-table labels come from `ReferenceData`; validation rules carry their own two messages.)
extension Text {
    // MARK: - Words shared by several messages

    /// A workflow state (transfers, change requests, review items, batches) or a review level.
    public static func state(_ raw: String) -> Text {
        switch raw {
        case "pending": Text("待办", "pending")
        case "approved": Text("已通过", "approved")
        case "rejected": Text("已退回", "rejected")
        case "submitted": Text("已提交", "submitted")
        case "county-approved": Text("县级已审", "approved by the county")
        case "city-approved": Text("市级已审", "approved by the city")
        case "province-approved": Text("省级已审", "approved by the province")
        case "returned": Text("已退回", "returned")
        case "superseded": Text("已被更正文件替代", "superseded by a corrected file")
        case "county": Text("县级", "county")
        case "city": Text("市级", "city")
        case "province": Text("省级", "province")
        case "same": Text("判定为同一人", "decided the same person")
        case "new": Text("判定为新教师", "decided a new teacher")
        default: .verbatim(raw)
        }
    }

    /// Who approves each step of a transfer (1 … 4).
    public static func transferStep(_ step: Int) -> Text {
        switch step {
        case 1: Text("调入学校", "receiving school")
        case 2: Text("调入学校的教育行政部门", "receiving school's education authority")
        case 3: Text("调出学校", "sending school")
        case 4: Text("调出学校的教育行政部门", "sending school's education authority")
        default: .verbatim("\(step)")
        }
    }

    /// A user role.
    public static func role(_ raw: String) -> Text {
        switch raw {
        case "school": Text("学校", "school")
        case "county": Text("县级", "county")
        case "city": Text("市级", "city")
        case "province": Text("省级", "province")
        case "ministry": Text("教育部", "ministry")
        default: .verbatim(raw)
        }
    }

    /// Where a row came from: file, sheet and row.
    public static func row(file: String, sheet: String?, row: Int, batch: String? = nil) -> Text {
        let place = [Optional(file), sheet].compactMap { $0 }.joined(separator: " › ")
        return Text((batch.map { "批次\($0) › " } ?? "") + "\(place) 第\(row)行", (batch.map { "batch \($0) › " } ?? "") + "\(place) › row \(row)")
    }

    // MARK: - Registry: the store

    public static func wrongProvince(registry: String, asked: Int) -> Text {
        Text("本登记库属于省份 \(registry)，不是 \(asked)", "this registry belongs to province \(registry), not \(asked)")
    }
    public static let notInitialised = Text("登记库尚未指定省份：请先运行 `teacher-registry db init --province PP`",
                                            "the registry has no province yet: run `teacher-registry db init --province PP`")
    public static func numbersExhausted(_ province: Int) -> Text {
        Text("省份 \(province) 的教师编号已全部用完", "province \(province) has used every teacher number")
    }
    public static let numberCounterMoved = Text("编号计数器在事务中被改动，请重试", "the number counter moved during the transaction")
    public static let teacherNeedsName = Text("教师必须有姓名", "a teacher needs a name")
    public static func rowHasNoName(_ row: Text) -> Text { Text("\(row.chinese)：该行没有姓名", "\(row.english): the row has no name") }
    public static func teacherChangedMeanwhile(_ number: String) -> Text {
        Text("教师 \(number) 已被他人修改，请刷新后重试", "teacher \(number) was changed by someone else; reload and try again")
    }
    public static func documentHeld(_ masked: String, by number: String) -> Text {
        Text("证件 \(masked) 已由教师 \(number) 持有", "document \(masked) is already held by teacher \(number)")
    }
    public static func rowDocumentHeld(_ row: Text, masked: String, by number: String) -> Text {
        Text("\(row.chinese)：证件 \(masked) 已由教师 \(number) 持有", "\(row.english): document \(masked) is already held by teacher \(number)")
    }
    public static func noDocument(_ id: Int64) -> Text { Text("没有编号为 \(id) 的证件记录", "no document \(id)") }
    public static func noAssignment(_ id: Int64) -> Text { Text("没有编号为 \(id) 的任职记录", "no assignment \(id)") }
    public static func assignmentEnded(_ id: Int64) -> Text { Text("任职记录 \(id) 已结束", "assignment \(id) has already ended") }
    public static func assignmentEndsBeforeStart(end: String, start: String) -> Text {
        Text("任职不能在开始（\(start)）之前结束（\(end)）", "an assignment cannot end (\(end)) before it starts (\(start))")
    }
    public static func noTeacherWithID(_ id: Int64) -> Text { Text("没有内部编号为 \(id) 的教师", "no teacher with id \(id)") }
    public static func noTeacherNumber(_ number: String) -> Text { Text("没有教师编号 \(number)", "no teacher number \(number)") }
    public static func noTeacherFor(_ key: String) -> Text {
        Text("没有教师编号或证件号为 \(key) 的教师", "no teacher has the number or document \(key)")
    }
    public static func notRegisteredOn(_ number: String, day: String) -> Text {
        Text("教师 \(number) 在 \(day) 尚未登记", "teacher \(number) was not registered yet on \(day)")
    }

    // MARK: - Registry: workflows

    public static let reasonNeeded = Text("请填写理由", "a reason is needed")
    public static let rejectionNeedsReason = Text("退回须填写理由", "a rejection needs a reason")
    public static let mergeNeedsReason = Text("合并须填写理由", "a merge needs a reason")
    public static let decisionNeedsReason = Text("判定须填写理由", "a decision needs a reason")
    public static let rekeyNeedsReason = Text("更换证件须填写理由", "a re-key needs a reason")
    public static let statusChangeNeedsReason = Text("变更人员状态须填写理由", "a status change needs a reason")
    public static let changeRequestNeedsReason = Text("变更申请须填写理由", "a change request needs a reason")
    public static let reviewDecisionNeedsReason = Text("人工判定须填写理由", "a review decision needs a reason")
    public static func changeRequestDecided(_ id: Int64, state: String) -> Text {
        Text("第\(id)号变更申请已是“\(Text.state(state).chinese)”状态", "change request #\(id) is already \(state)")
    }
    public static func ownChangeRequest(_ id: Int64, user: String) -> Text {
        Text("\(user) 提出了第\(id)号变更申请，不能同时审批它", "\(user) requested change #\(id) and cannot also decide it")
    }
    public static func noChangeRequest(_ id: Int64) -> Text { Text("没有第\(id)号变更申请", "no change request #\(id)") }
    public static func alreadyMerged(_ one: String, _ other: String) -> Text {
        Text("教师 \(one) 或 \(other) 已被合并", "teacher \(one) or \(other) is already merged")
    }
    public static func decidedDifferent(_ one: String, _ other: String, why: String) -> Text {
        Text("教师 \(one) 与 \(other) 已被判定为不同的人（\(why)）", "teachers \(one) and \(other) were decided to be different persons (\(why))")
    }
    public static func notMerged(_ number: String) -> Text { Text("教师 \(number) 未被合并", "teacher \(number) is not merged") }
    public static let rotationEndsAfterStart = Text("轮岗结束日期须晚于开始日期", "a rotation must end after it starts")
    public static func onRotation(_ number: String) -> Text { Text("教师 \(number) 已在轮岗中", "teacher \(number) is already on a rotation") }
    public static func notOnRotation(_ number: String) -> Text { Text("教师 \(number) 不在轮岗中", "teacher \(number) is not on a rotation") }
    public static func mergedElsewhere(_ number: String) -> Text {
        Text("教师 \(number) 已并入另一条记录", "teacher \(number) was merged into another record")
    }
    public static func noOpenAssignment(_ number: String) -> Text {
        Text("教师 \(number) 没有可调出的在岗任职", "teacher \(number) has no open regular assignment to transfer from")
    }
    public static let openAssignmentGone = Text("该教师已没有在岗任职", "the teacher no longer has an open regular assignment")
    public static func alreadyAtSchool(_ number: String, school: String) -> Text {
        Text("教师 \(number) 已在学校 \(school) 任职", "teacher \(number) already works at \(school)")
    }
    public static func noTransfer(_ id: Int64) -> Text { Text("没有第\(id)号调动申请", "no transfer #\(id)") }
    public static func transferDecided(_ id: Int64, state: String) -> Text {
        Text("第\(id)号调动申请已是“\(Text.state(state).chinese)”状态", "transfer #\(id) is already \(state)")
    }
    public static func transferStepTaken(_ id: Int64, at step: Int, expected: Int) -> Text {
        Text("第\(id)号调动申请已到第\(step)步，不是第\(expected)步：已有人先办理", "transfer #\(id) is at step \(step), not \(expected): someone acted first")
    }
    public static func transferStepRole(_ id: Int64, step: Int, role: String) -> Text {
        Text("第\(id)号调动申请的第\(step)步由\(Text.transferStep(step).chinese)办理，不是\(Text.role(role).chinese)用户",
             "step \(step) of transfer #\(id) is for the \(Text.transferStep(step).english), not a \(role) user")
    }
    public static func transferForStep(_ id: Int64, step: Int) -> Text {
        Text("第\(id)号调动申请的第\(step)步由\(Text.transferStep(step).chinese)办理",
             "step \(step) of transfer #\(id) is for the \(Text.transferStep(step).english)")
    }
    public static func ownTransfer(_ id: Int64) -> Text {
        Text("提出第\(id)号调动申请的用户不能审批它", "the user who requested transfer #\(id) cannot approve or reject it")
    }
    public static func transferActedBefore(_ id: Int64, user: String) -> Text {
        Text("\(user) 已办理过第\(id)号调动申请的一步：每一步须由不同的人办理",
             "\(user) already acted on transfer #\(id): each step needs its own officer")
    }
    public static func transferOwnOfficer(_ id: Int64) -> Text {
        Text("第\(id)号调动申请的每一步须由不同的人办理，不能是申请人或办理过其他步骤的人",
             "each step of transfer #\(id) needs its own officer, not the one who asked for it or acted on another step")
    }
    public static func noReviewItem(_ id: Int64) -> Text { Text("没有第\(id)号待判定记录", "no review item #\(id)") }
    public static func reviewItemDecided(_ id: Int64, resolution: String) -> Text {
        Text("第\(id)号待判定记录已判定（\(Text.state(resolution).chinese)）", "review item #\(id) was already decided (\(resolution))")
    }
    public static func ownReviewItem(_ id: Int64, user: String) -> Text {
        Text("第\(id)号待判定记录由 \(user) 的上传产生，须由另一位工作人员判定", "review item #\(id) was queued by \(user), who cannot also decide it")
    }
    public static func reviewItemUnreadable(_ id: Int64) -> Text {
        Text("第\(id)号待判定记录没有可读的行", "review item #\(id) holds no readable row")
    }
    public static func notACandidate(_ number: String, item: Int64) -> Text {
        Text("\(number) 不是第\(item)号待判定记录的候选教师", "\(number) is not a candidate of review item #\(item)")
    }
    public static func noBatch(_ id: Int64) -> Text { Text("没有第\(id)号批次", "no batch #\(id)") }
    public static func batchNothingToDecide(_ id: Int64, state: String) -> Text {
        Text("第\(id)号批次为“\(Text.state(state).chinese)”，没有需要审核的内容", "batch #\(id) is \(state): nothing to decide")
    }
    public static func batchWaitsForLevel(_ id: Int64, awaiting: String, level: String) -> Text {
        Text("第\(id)号批次等待\(Text.state(awaiting).chinese)审核，不是\(Text.state(level).chinese)",
             "batch #\(id) waits for the \(awaiting) level, not the \(level) level")
    }
    public static func ownBatch(_ id: Int64, user: String) -> Text {
        Text("\(user) 提交了第\(id)号批次，不能同时审核它", "\(user) submitted batch #\(id) and cannot also review it")
    }
    public static func notARow(_ row: Int) -> Text { Text("第\(row)行不是文件中的行", "row \(row) is not a row of the file") }
    public static func noUser(_ name: String) -> Text { Text("没有用户 \(name)", "no user \(name)") }
    public static func userExists(_ name: String) -> Text { Text("用户 \(name) 已存在", "user \(name) already exists") }
    public static func jurisdictionMisfit(user: String, jurisdiction: String, role: String) -> Text {
        Text("用户 \(user)：管辖范围“\(jurisdiction)”与角色\(Text.role(role).chinese)不符",
             "user \(user): jurisdiction '\(jurisdiction)' does not fit the role \(role)")
    }

    // MARK: - Service: access

    public static func noTeacherInJurisdiction(_ masked: String) -> Text {
        Text("您的管辖范围内没有教师 \(masked)", "no teacher \(masked) in your jurisdiction")
    }
    public static func readOnlyTeacher(_ number: String) -> Text {
        Text("教师 \(number) 现已不在您的管辖范围内：只能查看，不能修改", "teacher \(number) is outside your jurisdiction now: you may read, not change")
    }
    public static let wrongPassword = Text("用户名或密码不正确", "wrong user name or password")
    public static let userThrottled = Text("该用户登录失败次数过多，请稍后再试", "too many failed sign-ins for this user")
    public static let addressThrottled = Text("登录失败次数过多，请稍后再试", "too many failed sign-ins from this address")
    public static let hashingBusy = Text("登录请求过多，请稍后再试", "too many sign-ins at once")
    public static let passwordTooShort = Text("密码至少10个字符", "a password needs at least 10 characters")
    public static let passwordTooLong = Text("密码不能超过72字节", "a password may be at most 72 bytes")
    public static let passwordIsUserName = Text("密码不能与用户名相同", "the password may not be the user name")
    public static let passwordRepeats = Text("密码不能由同一个字符重复组成", "the password may not repeat one character")
    public static let userNameForm = Text("用户名应为1到64个字符的一行文字", "a user name is one line of 1 to 64 characters")
    public static func jurisdictionLength(role: String, digits: Int) -> Text {
        Text("\(Text.role(role).chinese)用户的管辖范围应为\(digits)位代码", "a \(role) user needs a \(digits)-digit jurisdiction code")
    }
    public static func jurisdictionOutsideProvince(_ jurisdiction: String, province: Int) -> Text {
        Text("管辖范围 \(jurisdiction) 不属于本省（\(province)）", "jurisdiction \(jurisdiction) is outside province \(province)")
    }
    public static func addsLowerLevels(creator: String, role: String) -> Text {
        Text("\(Text.role(creator).chinese)用户只能添加下级用户；只有教育部能添加\(Text.role(role).chinese)用户",
             "a \(creator) user adds users of the levels below it; only the ministry adds \(role) users")
    }
    public static func jurisdictionOutsideYours(_ jurisdiction: String) -> Text {
        Text("管辖范围 \(jurisdiction) 不在您的管辖范围内", "jurisdiction \(jurisdiction) is outside yours")
    }
    public static func noAdministeredUser(_ name: String) -> Text {
        Text("您管理的用户中没有 \(name)", "no user \(name) among those you administer")
    }
    public static let signInFirst = Text("请先登录（POST /api/sessions，再在请求头中带上 Authorization: Bearer <token>）",
                                         "sign in first: POST /api/sessions, then send Authorization: Bearer <token>")
    public static let signInAgain = Text("登录凭证无效、已过期或已被撤销，请重新登录", "the token is unknown, expired or revoked: sign in again")
    public static let signInPage = Text("请先登录", "sign in first")
    public static let fullNumbersNotAllowed = Text("您的角色不能查看完整证件号码", "your role does not allow full document numbers")

    // MARK: - Service: uploads, batches, directory, sub-sets

    public static let schoolsSubmit = Text("学校提交文件，县、市、省级审核", "schools submit files; counties, cities and the province review them")
    public static func batchNotAtYourLevel(_ id: Int64, state: String, awaiting: String?) -> Text {
        Text("第\(id)号批次当前不在您这一级审核（\(Text.state(state).chinese)\(awaiting.map { "，待\(Text.state($0).chinese)审核" } ?? "")）",
             "batch #\(id) is \(state)\(awaiting.map { ", waiting for the \($0) level" } ?? "")")
    }
    public static func ownBatchReview(_ id: Int64) -> Text {
        Text("第\(id)号批次是您提交的，须由另一位工作人员审核", "you submitted batch #\(id): another officer reviews it")
    }
    public static let ministryReadsOnly = Text("教育部用户只能查看，不能上传或修改", "the ministry reads the registry; schools and counties submit")
    public static func uploadTooLarge(_ file: String, bytes: Int, limit: Int) -> Text {
        Text("\(file) 有 \(bytes) 字节，上传文件不能超过 \(limit) 字节", "\(file) is \(bytes) bytes; uploads are limited to \(limit) bytes")
    }
    public static let uploadNeedsName = Text("上传的文件名应以 .xlsx、.csv 或 .zip 结尾", "an upload needs a file name ending in .xlsx, .csv or .zip")
    public static func noErrorWorkbook(_ id: Int64) -> Text {
        Text("第\(id)号上传没有标注问题的工作簿（它没有问题，或不是 .xlsx 文件）",
             "upload #\(id) has no error workbook (it had no problems, or was not an .xlsx)")
    }
    public static func noUpload(_ id: Int64) -> Text { Text("没有第\(id)号上传", "no upload #\(id)") }
    public static let directoryKeepers = Text("学校名录由县级及以上教育行政部门维护", "the school directory is kept by county and higher authorities")
    public static func schoolCodeProblem(_ code: String, _ problem: String) -> Text {
        Text("学校标识码 \(code)：\(problem)", "school code \(code) is not valid: \(problem)")
    }
    public static func receivingSchoolCodeProblem(_ code: String, _ problem: String) -> Text {
        Text("调入学校标识码 \(code)：\(problem)", "receiving school code \(code) is not valid: \(problem)")
    }
    public static func schoolOutsideProvince(_ code: String, province: Int) -> Text {
        Text("学校标识码 \(code) 不属于本省（\(province)）", "school code \(code) is not of province \(province)")
    }
    public static func notACounty(_ county: String) -> Text {
        Text("县区代码 \(county) 不是本省的县级行政区划代码（GB/T 2260）", "\(county) is not a county code of this province (GB/T 2260)")
    }
    public static let schoolNameForm = Text("学校名称应为不超过100个字符的一行文字", "a school name is one line of at most 100 characters")
    public static func countyOutsideJurisdiction(_ county: String) -> Text {
        Text("县区 \(county) 不在您的管辖范围内", "county \(county) is outside your jurisdiction")
    }
    public static func noSchoolInJurisdiction(_ code: String) -> Text {
        Text("您的管辖范围内没有学校 \(code)", "no school \(code) in your jurisdiction")
    }
    public static func regionOutsideJurisdiction(_ region: String) -> Text {
        Text("区域 \(region) 不在您的管辖范围内", "region \(region) is outside your jurisdiction")
    }
    public static let regionForm = Text("区域代码应为2、4或6位数字", "a region is 2, 4 or 6 digits")
    public static let ministryChangesNothing = Text("教育部用户不能修改教师信息", "the ministry reads only")

    // MARK: - Service: teachers, changes, workflows

    public static let nameAField = Text("请至少填写一项要变更的信息", "name at least one field to change")
    public static func unknownField(_ field: String, fields: [String]) -> Text {
        Text("没有“\(field)”这一项；可变更的项：\(fields.joined(separator: "、"))", "unknown field '\(field)'; fields: \(fields.joined(separator: ", "))")
    }
    public static func fieldTooLong(_ label: String, maximum: Int) -> Text {
        Text("\(label)应为不超过\(maximum)个字符的一行文字", "\(label) is one line of at most \(maximum) characters")
    }
    public static func fieldByWorkflow(_ label: String) -> Text {
        Text("\(label)只能通过调动、轮岗或人员状态变更来改变", "\(label) changes only through transfers, rotations and status changes")
    }
    public static let changeNeedsReason = Text("变更需要填写理由", "a change needs a reason")
    public static let unmergeNeedsReason = Text("撤销合并需要填写理由", "an unmerge needs a reason")
    public static func changeDecidedAt(level: String, approver: String) -> Text {
        Text("在\(Text.role(level).chinese)提出的变更由\(Text.role(approver).chinese)审批", "a change requested at the \(level) level is decided by the \(approver) level")
    }
    public static let ownRequest = Text("您自己提出的申请须由另一位工作人员审批", "another officer decides your own request")
    public static let genderForm = Text("性别应为 1-男 或 2-女", "gender is 1/男 or 2/女")
    public static func birthDateForm(_ value: String) -> Text {
        Text("出生日期“\(value)”不是有效的日期", "birthDate '\(value)' is not a day")
    }
    public static func residentIDInvalid(_ masked: String) -> Text {
        Text("证件号码 \(masked) 不是有效的居民身份证号码", "documentNumber \(masked) is not a valid resident ID number")
    }
    public static func cannotEmpty(_ label: String) -> Text { Text("\(label)不能通过变更申请清空", "\(label) cannot be emptied by a change request") }
    public static func noTeacher(_ number: String) -> Text { Text("没有教师 \(number)", "no teacher \(number)") }
    public static func mergedFromOutside(_ number: String) -> Text {
        Text("教师 \(number) 是与您管辖范围外的记录合并的：须由同时管辖两条记录的一级撤销",
             "teacher \(number) was merged from outside your jurisdiction: the level covering both records undoes it")
    }
    public static let transferRequester = Text("调动申请由调入学校或其教育行政部门提出", "a transfer is requested by the receiving school or its authority")
    public static let giveTeacherName = Text("请填写教师姓名", "give the teacher's name")
    public static let documentInvalid = Text("身份证件号有误", "the document number is not valid")
    public static let transfersThrottled = Text("调动申请过于频繁，请稍后再试", "too many transfer requests: wait")
    public static let noTeacherByDocumentAndName = Text("没有证件号与姓名都相符的教师", "no teacher with this document number and name")
    public static func transferClosed(_ id: Int64, approved: Bool) -> Text {
        Text("第\(id)号调动申请已\(approved ? "生效" : "退回")", "transfer #\(id) is already \(approved ? "approved" : "rejected")")
    }
    public static let rotationArrangers = Text("轮岗由交流学校的教育行政部门安排", "rotations are arranged by the education authority over the host school")
    public static let rotationEnders = Text("轮岗由同时管辖交流学校和原学校的教育行政部门结束",
                                            "rotations are ended by the education authority over both the host school and the teacher's own school")
    public static func yearsRange(_ range: ClosedRange<Int>) -> Text {
        Text("年限应为 \(range.lowerBound) 至 \(range.upperBound) 年", "years must be from \(range.lowerBound) to \(range.upperBound)")
    }
    public static func unknownStaffStatus(_ code: String) -> Text {
        Text("人员状态代码“\(code)”不在代码表中", "status '\(code)' is not a JY/T 1001 staff status code")
    }
    public static let matchNeedsName = Text("比对的记录需要姓名", "a record to match needs a name")
    public static func ownReviewUpload(_ id: Int64) -> Text {
        Text("第\(id)号待判定记录来自您自己的上传，须由另一位工作人员判定", "review item #\(id) was queued by your own upload: another officer decides it")
    }
    public static let sameNamesCandidate = Text("请选择是哪一位已登记教师", "a 'same' decision names the candidate's teacher number")
    public static let searchBy = Text("请按教师编号、证件号，或姓名（加出生日期）查找", "search by number, document, or name (with birthDate)")
    public static let backupsKeep = Text("至少保留一份备份", "keep at least one backup")

    // MARK: - Service: submission and export

    public static let provinceSubmits = Text("由省级向国家系统上报", "the province submits to the national level")
    public static let asOfNotFuture = Text("截止日期不能晚于今天", "asOf must be a day no later than today")
    public static let sinceBeforeAsOf = Text("起始日期应早于截止日期", "since must be a day before asOf")
    public static let chooseAsOf = Text("请选择截至日期", "choose the as-of day")
    public static func exportBlocked(scope: String, list: String) -> Text {
        Text("\(scope) 还有阻止上报的问题（\(list)），请先在查重与进度页处理",
             "export refused: blocking items remain in \(scope) (\(list)); run the audit for the list")
    }
    public static func exportHasNoFile(_ format: String) -> Text { Text("导出结果中没有 .\(format) 文件", "the export has no .\(format) file") }
    public static let secretTooShort = Text("共享密钥至少32字节", "the shared secret needs at least 32 bytes")
    public static func notAKeyFile(_ file: String, header: String) -> Text {
        Text("\(file)：不是匹配键文件（表头应为 \(header)）", "\(file): not a key file (header \(header))")
    }
    public static func keyFileLine(_ file: String, line: Int) -> Text {
        Text("\(file) 第\(line)行：应有4个字段", "\(file), line \(line): expected 4 fields")
    }
    public static let internalError = Text("内部错误；本次请求未作任何改动", "internal error; the request changed nothing")

    // MARK: - Server: requests it cannot read

    public static let metricsOff = Text("只有以 serve --metrics-token-file 启动时才提供运行指标", "metrics are served only with serve --metrics-token-file")
    public static let metricsToken = Text("请在请求头中带上 Authorization: Bearer <指标令牌>", "send Authorization: Bearer <metrics token>")
    public static func uploadBody(_ types: [String]) -> Text {
        Text("请求体应为文件本身（.xlsx、.csv 或 .zip；Content-Type 为 \(types.joined(separator: "、"))）",
             "send the file itself as the body (.xlsx, .csv or .zip; Content-Type \(types.joined(separator: ", ")))")
    }
    public static let uploadName = Text("请给出文件名：POST /api/uploads?name=<文件名>", "give the file's name: POST /api/uploads?name=<file name>")
    public static let uploadNamePage = Text("缺少文件名", "the file has no name")
    public static func uploadLimit(_ bytes: Int) -> Text { Text("上传文件不能超过 \(bytes) 字节", "uploads are limited to \(bytes) bytes") }
    public static func bodyLimit(_ bytes: Int) -> Text { Text("请求体不能超过 \(bytes) 字节", "the body is limited to \(bytes) bytes") }
    public static let sendJSON = Text("请求体应为 application/json", "send the body as application/json")
    public static let notAJSONObject = Text("请求体不是 JSON 对象", "the body is not a JSON object")
    public static func unknownBodyField(_ field: String, expected: [String]) -> Text {
        Text("未知字段“\(field)”；可用字段：\(expected.joined(separator: "、"))", "unknown field '\(field)'; expected \(expected.joined(separator: ", "))")
    }
    public static func fieldTooLongInBody(_ field: String, maximum: Int) -> Text {
        Text("字段“\(field)”超过 \(maximum) 个字符", "field '\(field)' is longer than \(maximum) characters")
    }
    public static func fieldTooManyItems(_ field: String, maximum: Int) -> Text {
        Text("字段“\(field)”超过 \(maximum) 项", "field '\(field)' has more than \(maximum) items")
    }
    public static func missingBodyField(_ field: String) -> Text { Text("缺少字段“\(field)”", "missing field '\(field)'") }
    public static func badBodyField(_ field: String, _ detail: String) -> Text {
        Text("字段“\(field)”的值无法读取（\(detail)）", "field '\(field)': \(detail)")
    }
    public static let bodyMisfit = Text("请求体与接口不符", "the body does not fit the request")
    public static func badParameter(_ name: String, expected: Text) -> Text {
        Text("查询参数“\(name)”应为\(expected.chinese)", "query parameter '\(name)' must be \(expected.english)")
    }
    public static let expectedGivenDay = Text("给出的、形如 YYYY-MM-DD 的日期", "given: a day in the form YYYY-MM-DD")
    public static let expectedDay = Text("形如 YYYY-MM-DD 的日期", "a day in the form YYYY-MM-DD")
    public static func expectedWholeNumber(_ range: ClosedRange<Int>) -> Text {
        Text(" \(range.lowerBound) 到 \(range.upperBound) 之间的整数", "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    public static let expectedFlag = Text(" true 或 false", "true or false")
    public static func expectedOneOf(_ allowed: [String]) -> Text {
        Text(" \(allowed.joined(separator: "、")) 之一", allowed.joined(separator: " or "))
    }
    public static let stepRange = Text("字段“step”应为 1 到 4", "field 'step' must be from 1 to 4")
    public static let rowNumbers = Text("字段“rows”应为从 1 起的行号", "field 'rows' holds row numbers from 1")
    public static let crossSite = Text("请从本系统的登录页登录", "a sign-in from another site is refused")
    public static func formDay(_ label: String) -> Text { Text("\(label)：请填写有效日期（年-月-日）", "\(label): give a valid day (YYYY-MM-DD)") }
    public static func formWholeNumber(_ label: String, _ range: ClosedRange<Int>) -> Text {
        Text("\(label)：应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数", "\(label): a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    public static let expectedForm = Text("请求体应为表单", "expected a form")
    public static let formExpired = Text("表单已过期，请刷新页面后重试", "the form has expired (CSRF token missing or wrong): reload the page")
    public static let noSuchPath = Text("没有这个地址", "no such path")
    public static let bodyTooLarge = Text("请求体过大", "the body is too large")
    public static let methodNotAllowed = Text("该地址不接受这种请求方法", "this path does not take this method")
    public static let uploadFormExpired = Text("请刷新页面后重新上传", "reload the page and upload again")

    // MARK: - Command line: shared

    /// An error line on the terminal: its code and what went wrong.
    public static func errorLine(_ code: String, _ text: Text) -> Text {
        Text("错误（\(code)）：\(text.chinese)", "error (\(code)): \(text.english)")
    }
    public static func noRegistry(_ path: String) -> Text {
        Text("\(path)：没有这个登记库；请用 `db init --db \(path) --province PP` 或 `import --create PP …` 创建",
             "\(path): no registry at this path: create one with `db init --db \(path) --province PP` or `import --create PP …`")
    }
    public static func registryUnreadable(_ path: String, _ detail: String) -> Text {
        Text("\(path)：无法打开登记库（\(detail)）", "\(path): cannot open the registry (\(detail))")
    }
    public static let giveAFile = Text("请至少给出一个文件", "give at least one file")
    public static let giveAValue = Text("请至少给出一个值", "give at least one value")
    public static let giveAName = Text("请至少给出一个姓名", "give at least one name")
    public static let giveACSV = Text("请至少给出一个 CSV 文件", "give at least one CSV file")
    public static func atLeastOne(_ option: String) -> Text { Text("\(option) 至少为 1", "\(option) must be at least 1") }
    public static let positiveRecords = Text("--records 须为正数", "--records must be positive")
    public static func wrote(_ path: String) -> Text { Text("已写入 \(path)", "wrote \(path)") }
    public static let none = Text("无", "none")

    // MARK: - Command line: teachers

    public static let outcomeRegistered = Text("新编号", "registered")
    public static let outcomeExisting = Text("已登记", "existing")
    public static func outcomeClose(_ numbers: [String]) -> Text {
        Text("待人工判定：与 \(numbers.joined(separator: "、")) 相近", "review: close to \(numbers.joined(separator: ", "))")
    }
    public static let outcomeElsewhere = Text("待人工判定：已在其他单位登记", "review: registered elsewhere")
    public static func nothingRegistered(_ file: String, _ why: Text) -> Text {
        Text("\(file)：未登记任何教师：\(why.chinese)", "\(file): nothing registered: \(why.english)")
    }
    public static func registerSummary(rows: Int, registered: Int, existing: Int, review: Int) -> Text {
        Text("共 \(rows) 行：新编号 \(registered)，已登记 \(existing)，待人工判定 \(review)",
             "\(rows) rows: \(registered) new numbers, \(existing) already registered, \(review) for review")
    }
    public static let staffStatus = Text("人员状态", "status")
    public static let document = Text("证件", "document")
    public static let retiredDocument = Text("（已停用）", " (retired)")
    public static func span(_ start: String, _ end: String?) -> Text {
        Text("\(start) 至 \(end ?? "今")", "\(start) to \(end ?? "now")")
    }
    public static func asOfDay(_ day: String) -> Text { Text("（\(day) 当日）", "(as of \(day))") }
    public static func merged(_ merged: String, into survivor: String) -> Text {
        Text("已将 \(merged) 并入 \(survivor)", "merged \(merged) into \(survivor)")
    }
    public static func unmerged(_ number: String) -> Text { Text("已撤销 \(number) 的合并", "unmerged \(number)") }
    public static func recordedDifferent(_ one: String, _ other: String) -> Text {
        Text("已记录：\(one) 与 \(other) 不是同一人", "recorded: \(one) and \(other) are different persons")
    }
    public static func newDocumentInvalid(_ why: String) -> Text {
        Text("新的证件号无效：\(why)", "the new document is not valid: \(why)")
    }
    public static func nowHolds(_ number: String, _ masked: String) -> Text {
        Text("教师 \(number) 现持证件 \(masked)", "teacher \(number) now holds \(masked)")
    }

    // MARK: - Command line: workflows

    public static func transferRequested(_ id: Int64, teacher: String) -> Text {
        Text("已提出第\(id)号调动申请（教师 \(teacher)）；下一步：\(Text.transferStep(1).chinese)审批",
             "transfer #\(id) requested for \(teacher); next: \(Text.transferStep(1).english)")
    }
    public static func transferApproved(_ id: Int64, effective: String) -> Text {
        Text("第\(id)号调动申请已全部审批通过：任职自 \(effective) 起变更", "transfer #\(id) approved: assignments moved on \(effective)")
    }
    public static func transferStepApproved(_ id: Int64, done: Int) -> Text {
        Text("第\(id)号调动申请：第\(done)/4步已通过；下一步：\(Text.transferStep(done + 1).chinese)审批",
             "transfer #\(id): step \(done)/4 approved; next: \(Text.transferStep(done + 1).english)")
    }
    public static func transferRejected(_ id: Int64) -> Text { Text("第\(id)号调动申请已退回", "transfer #\(id) rejected") }
    public static func transferLine(_ id: Int64, from: String, to: String, effective: String, state: String, done: Int, next: Int?) -> Text {
        Text("第\(id)号调动：\(from) → \(to)，\(effective) 生效；\(Text.state(state).chinese)，已审批 \(done)/4"
                + (next.map { "；下一步：\(Text.transferStep($0).chinese)" } ?? ""),
             "#\(id) \(from) → \(to) on \(effective): \(state), \(done)/4 approvals" + (next.map { "; next: \(Text.transferStep($0).english)" } ?? ""))
    }
    public static func rotationStarted(_ teacher: String, host: String, start: String, end: String) -> Text {
        Text("\(teacher) 自 \(start) 至 \(end) 到 \(host) 交流轮岗", "\(teacher) rotates to \(host) from \(start) until \(end)")
    }
    public static func rotationEnded(_ teacher: String, on day: String) -> Text {
        Text("\(teacher) 自 \(day) 起回原学校", "\(teacher) is back at the home school from \(day)")
    }
    public static func since(_ day: String) -> Text { Text("自 \(day)", "since \(day)") }
    public static func eligibleCount(asOf: String, count: Int) -> Text {
        Text("截至 \(asOf)，在同一学校任教满 6 年的教师 \(count) 人", "as of \(asOf), \(count) teachers have taught 6 years or more at one school")
    }
    public static func statusSet(_ teacher: String, name: String, on day: String, label: String, code: String) -> Text {
        Text("\(teacher) \(name)：人员状态自 \(day) 起为 \(label)（\(code)）", "\(teacher) \(name): status \(label) (\(code)) from \(day)")
    }

    // MARK: - Submission: the gate, the export, batches

    /// What a reason code of the submission gate means.
    public static func gateCode(_ raw: String) -> Text {
        switch raw {
        case "DUP-CERTAIN": Text("确定重复（同一人两条记录）", "certain duplicates (one person, two records)")
        case "DUP-POSSIBLE": Text("疑似重复，待人工判定", "possible duplicates, for review")
        case "REVIEW-OPEN": Text("导入时待人工判定的记录", "rows waiting for review since their import")
        case "ID-MISSING": Text("缺少有效身份证件", "no valid identity document")
        case "ID-INVALID": Text("身份证件号码无效", "the document number is not valid")
        case "ID-MANGLED": Text("身份证件号码被Excel截断（科学计数法或末位000）", "the document number was cut by Excel (scientific notation or 000 at the end)")
        case "PUA-CHAR": Text("姓名含私用区字符（生僻字未映射）", "the name holds a private-use character (an unmapped rare character)")
        case "NO-ASSIGNMENT": Text("在职但无任职学校", "on staff without a school")
        case "BATCH-PENDING": Text("批次尚未经省级审核通过", "a batch not yet approved by the province")
        default: .verbatim(raw)
        }
    }
    public static let scopeForm = Text("--scope 应为区划代码：省（2位）、市（4位）或县（6位）",
                                       "--scope is a region code: province (2 digits), city (4) or county (6)")
    public static func scopeOutsideProvince(_ scope: String, province: Int) -> Text {
        Text("--scope \(scope) 不属于省份 \(province)", "--scope \(scope) is outside province \(province)")
    }
    public static let scopeMustBeProvince = Text("--scope 必须是省：由省级上报", "--scope must be the province: the province submits")
    public static func gateBlocking(_ scope: String, items: Int) -> Text {
        Text("\(scope)：有 \(items) 项问题阻止上报", "\(scope): \(items) blocking items")
    }
    public static func gateClear(_ scope: String) -> Text { Text("\(scope)：没有阻止上报的问题", "\(scope): nothing blocks the submission") }
    public static let noCounty = Text("（无县区）", "(no county)")
    public static func moreItems(_ count: Int) -> Text { Text("…… 另有 \(count) 项（--json 列出全部）", "… \(count) more (--json lists all)") }
    public static func exported(teachers: Int, asOf: String, since: String?, hash: String) -> Text {
        Text("截至 \(asOf)\(since.map { "、\($0) 之后有变化" } ?? "")的教师 \(teachers) 人；内容校验值 \(hash)",
             "\(teachers) teachers as of \(asOf)\(since.map { " changed since \($0)" } ?? ""); content hash \(hash)")
    }
    public static let formatChoice = Text("--format 应为 table、csv 或 html", "--format is table, csv or html")
    public static func batchLine(state: String, awaiting: String?) -> Text {
        Text(Text.state(state).chinese + (awaiting.map { "（待\(Text.state($0).chinese)审核）" } ?? ""),
             Text.state(state).english + (awaiting.map { " (waiting for the \($0) level)" } ?? ""))
    }
    public static func rowCount(_ rows: Int) -> Text { Text("\(rows) 行", "\(rows) rows") }
    public static func batchState(_ id: Int64, state: String) -> Text {
        Text("第\(id)号批次：\(Text.state(state).chinese)", "batch #\(id): \(state)")
    }
    public static func auditSummary(province: Int, teachers: Int, certain: Int, possible: Int, review: Int, report: String) -> Text {
        Text("全省（\(province)）查重：教师 \(teachers) 人，确定重复 \(certain) 对，疑似重复 \(possible) 对，待人工判定 \(review) 行；报告：\(report)",
             "audit of province \(province): \(teachers) teachers, \(certain) certain and \(possible) possible duplicate pairs, "
                + "\(review) rows waiting for review; report in \(report)")
    }
    public static func beforeSubmission(_ counts: [(code: String, count: Int)]) -> Text {
        Text("上报国家系统之前须处理：" + counts.map { "\(Text.gateCode($0.code).chinese) \($0.count)" }.joined(separator: "；"),
             "before the national submission: " + counts.map { "\($0.code) \($0.count) (\(Text.gateCode($0.code).english))" }.joined(separator: "; "))
    }
    public static let nothingBlocks = Text("没有阻止上报国家系统的问题", "nothing blocks the national submission")
    public static func auditFailed(_ why: Text) -> Text { Text("查重未完成：\(why.chinese)", "audit failed: \(why.english)") }

    // MARK: - Command line: the server, users, the database

    public static func unknownLogLevel(_ level: String) -> Text { Text("未知的日志级别 \(level)", "unknown log level \(level)") }
    public static func unreadableFile(_ path: String) -> Text { Text("\(path)：无法读取", "\(path): cannot be read") }
    public static let metricsTokenShort = Text("指标令牌至少16个字符", "the metrics token needs at least 16 characters")
    public static let tlsTogether = Text("--tls-cert 与 --tls-key 须同时给出", "give --tls-cert and --tls-key together")
    public static func listening(_ url: String) -> Text { Text("正在监听 \(url)", "listening on \(url)") }
    public static let stopped = Text("已停止；数据库已关闭", "stopped; the database is closed")
    public static func unknownRole(_ role: String) -> Text {
        Text("未知的角色 \(role)（应为 ministry、province、city、county 或 school）", "unknown role \(role) (ministry, province, city, county or school)")
    }
    public static let userDisabled = Text("已停用", "disabled")
    public static let userLocked = Text("已锁定", "locked")
    public static let userActive = Text("正常", "active")
    public static let nationwide = Text("全国", "nationwide")
    public static func failedInARow(_ count: Int) -> Text { Text("连续失败 \(count) 次", "\(count) failed sign-ins in a row") }
    public static func disabledUser(_ name: String) -> Text {
        Text("已停用用户 \(name)；其所有会话已结束", "user \(name) disabled; their sessions have ended")
    }
    public static func enabledUser(_ name: String) -> Text { Text("已启用用户 \(name)", "user \(name) enabled") }
    public static func passwordReset(_ name: String) -> Text {
        Text("已重设 \(name) 的密码；其所有会话已结束", "password of \(name) reset; their sessions have ended")
    }
    public static func addedUser(_ name: String, role: String, jurisdiction: String) -> Text {
        Text("已添加\(Text.role(role).chinese)用户 \(name)（\(jurisdiction.isEmpty ? "全国" : jurisdiction)）",
             "added \(role) user \(name) (\(jurisdiction.isEmpty ? "nationwide" : jurisdiction))")
    }
    public static func registryCreated(_ path: String, province: Int) -> Text {
        Text("登记库 \(path) 为省份 \(province) 发放教师编号", "registry \(path) issues numbers for province \(province)")
    }
    public static let integrityOK = Text("正常", "ok")
    public static func fileExists(_ path: String) -> Text { Text("\(path) 已存在", "\(path) exists already") }
    public static func backedUp(_ from: String, to: String) -> Text { Text("已将 \(from) 备份到 \(to)", "backed up \(from) to \(to)") }
    public static let valid = Text("有效", "valid")
    public static func invalid(_ why: String) -> Text { Text("无效：\(why)", "invalid: \(why)") }

    // MARK: - Command line: tools without a registry

    public static let twoKeyFiles = Text("请至少给出两个省份的匹配键文件", "give the key files of at least two provinces")
    public static func crossMatches(total: Int, byDocument: Int) -> Text {
        Text("两省同时登记的教师 \(total) 人（证件相同 \(byDocument) 人，其余待核实）",
             "\(total) teachers in two provinces (\(byDocument) by document, the rest to check)")
    }
    public static func dateParsed(_ date: String, precision: String) -> Text {
        let chinese = ["day": "日", "month": "月", "year": "年"][precision] ?? precision
        return Text("\(date)（精确到\(chinese)）", "\(date)  (\(precision))")
    }
    public static func errorValue(_ why: Text) -> Text { Text("错误：\(why.chinese)", "error: \(why.english)") }
    public static func nameKeys(key: String, simplified: String, pinyin: String, shape: String, flags: [String]) -> Text {
        Text("\(key)  简体 \(simplified)  拼音 \(pinyin)  \(shape)" + (flags.isEmpty ? "" : "  标记：" + flags.joined(separator: "、")),
             "\(key)  simplified \(simplified)  pinyin \(pinyin)  \(shape)" + (flags.isEmpty ? "" : "  flags: " + flags.joined(separator: ", ")))
    }

    // MARK: - Intake: files that cannot be read

    public static func line(_ number: Int) -> Text { Text("第\(number)行", "line \(number)") }
    public static func unreadable(_ detail: String) -> Text { Text("无法读取：\(detail)", "cannot be read: \(detail)") }
    public static let cannotRead = Text("无法读取", "cannot be read")
    public static func cannotCreate(_ detail: String) -> Text { Text("无法创建：\(detail)", "cannot be created: \(detail)") }
    public static func cannotOpenForCopy(_ detail: String) -> Text {
        Text("无法打开以写入标注问题的副本：\(detail)", "cannot be opened to write the error copy: \(detail)")
    }
    public static let noTemporaryFile = Text("无法写入：旁边无法创建临时文件", "cannot be written: no temporary file could be created beside it")
    public static let noDirectoryHeader = Text("没有一张工作表的表头含“学校标识码”列", "no sheet has a header row with a 学校标识码 column")
    public static let directoryNotZip = Text("学校名录应为一个 CSV 或 .xlsx 文件，不能是 ZIP", "a school directory is one CSV or .xlsx file, not a ZIP")
    public static let subsetsNotZip = Text("子集文件请逐个提交（一个工作簿可以每张工作表放一个子集）",
                                           "send sub-set files one by one (a workbook may hold several sub-sets, one per sheet)")
    public static func noSubsetNamed(_ names: String) -> Text {
        Text("没有工作表名或文件名是子集名称（\(names)）", "no sheet or file name names a sub-set (\(names))")
    }
    public static let headerGone = Text("不再有含姓名列的表头行", "has no header row with a name column any more")
    public static func noConverter(_ status: Int32) -> Text {
        Text("GB18030 转换器不可用（ICU 状态 \(status)）", "the GB18030 converter is not available (ICU status \(status))")
    }
    public static let notUTF8OrGBK = Text("既不是 UTF-8 也不是 GB18030/GBK 文本：请另存为“CSV UTF-8”后重新提交",
                                          "is neither UTF-8 nor GB18030/GBK text: save it as \"CSV UTF-8\" and send it again")
    public static let brokenUTF8 = Text("此处不是有效的 UTF-8，而文件开头是 UTF-8：请重新另存为“CSV UTF-8”",
                                        "is not valid UTF-8 here, though the file began as UTF-8: save it again as \"CSV UTF-8\"")
    public static let oldExcel = Text("是旧版 Excel 97-2003（.xls）文件：请在 Excel 或 WPS 中打开，另存为 .xlsx（文件 › 另存为 › Excel 工作簿 *.xlsx）后重新提交",
                                      "is an old Excel 97-2003 (.xls) file: open it in Excel or WPS and save it as .xlsx "
                                        + "(文件 › 另存为 › Excel 工作簿 *.xlsx), then send it again")
    public static let entryOutside = Text("压缩包内的路径不能指向包外", "an entry path must stay inside the archive")
    public static func inflatesBeyond(_ bytes: Int) -> Text {
        Text("解压后超过 \(bytes) 字节的上限", "inflates to more than the limit of \(bytes) bytes")
    }
    public static func inflatesTo(_ declared: Int, limit: Int) -> Text {
        Text("解压后为 \(declared) 字节，超过 \(limit) 字节的上限", "inflates to \(declared) bytes, above the limit of \(limit)")
    }
    public static func compressedLikeBomb(_ ratio: Int) -> Text {
        Text("压缩比超过 \(ratio):1，疑为压缩炸弹", "is compressed more than \(ratio):1, like a zip bomb")
    }
    public static let noTeacherFileInZip = Text("压缩包中没有 .xlsx 或 .csv 文件", "holds no .xlsx or .csv file")
    public static let declaresDTD = Text("声明了 DTD 或实体，正常的工作簿不会这样", "declares a DTD or entities, which a workbook never does")
    public static let noNameHeader = Text("没有一张工作表的表头含姓名列（姓名或 name）", "no sheet has a header row with a name column (姓名 or name)")
    public static func malformedXML(line: Int) -> Text { Text("不是格式正确的 XML（第\(line)行）", "is not well-formed XML (line \(line))") }
    public static func notAZip(_ detail: String) -> Text {
        Text("不是 ZIP 压缩包（.xlsx 文件也是 ZIP 格式）：\(detail)", "is not a ZIP archive (an .xlsx file is one): \(detail)")
    }
    public static func tooManyEntries(_ count: Int) -> Text { Text("包含超过 \(count) 个文件", "holds more than \(count) entries") }
    public static let missingPart = Text("缺失", "is missing")
    public static func cannotInflate(_ detail: String) -> Text { Text("无法解压：\(detail)", "cannot be inflated: \(detail)") }
    public static func rowTooLong(megabytes: Int) -> Text {
        Text("一行超过 \(megabytes) MB（是否有引号没有闭合？）", "a row is longer than \(megabytes) MB (a quoted cell never closed?)")
    }
    public static let noHeaderRow = Text("没有表头行", "has no header row")
    public static let changedDuringImport = Text("导入过程中文件被改动：未保存任何内容，请重新提交",
                                                 "changed while it was being imported: nothing of it is stored; send it again")
    public static func tooManyRows(_ count: Int) -> Text { Text("超过 \(count) 行", "has more than \(count) rows") }
    public static func tooManyStrings(_ count: Int) -> Text { Text("超过 \(count) 个字符串", "has more than \(count) strings") }
    public static func cellTooLong(_ characters: Int) -> Text {
        Text("有单元格超过 \(characters) 个字符", "a cell is longer than \(characters) characters")
    }
    public static func rowCellTooLong(_ row: Int, characters: Int) -> Text {
        Text("第\(row)行有单元格超过 \(characters) 个字符", "row \(row) has a cell longer than \(characters) characters")
    }
    public static func rowTooManyColumns(_ row: Int, columns: Int) -> Text {
        Text("第\(row)行超过 \(columns) 列", "row \(row) has more than \(columns) columns")
    }
    public static func tooManyColumns(_ columns: Int) -> Text { Text("有一行超过 \(columns) 列", "a row has more than \(columns) columns") }
    public static let quoteNeverClosed = Text("有带引号的单元格没有闭合", "a quoted cell is never closed")
    public static let endsInsideTag = Text("在标签中间结束", "ends inside a tag")

    // MARK: - Command line: intake

    public static func problemLine(severityError: Bool, rule: String, place: Text, message: Text) -> Text {
        Text("\(severityError ? "错误" : "提示") \(rule)  \(place.chinese)  \(message.chinese)",
             "\(severityError ? "error" : "warning") \(rule)  \(place.english)  \(message.english)")
    }
    public static func place(file: String, sheet: String?, row: Int, column: String) -> Text {
        let head = [file, sheet].compactMap { $0 }.joined(separator: " ")
        return Text("\(head) 第\(row)行 \(column)", "\(head) row \(row), \(column)")
    }
    public static func nothingWritten(hint: Bool) -> Text {
        Text("；未写入任何数据" + (hint ? "（请改正上列各行，或加 --partial 只导入无误的行）" : ""),
             "; nothing written" + (hint ? " (fix the rows, or --partial)" : ""))
    }
    public static func markedCopy(_ path: String) -> Text { Text("标注问题的副本：\(path)", "marked copy: \(path)") }
    public static func markedCopyForSchool(_ path: String) -> Text {
        Text("标注问题的副本（发给学校）：\(path)", "marked copy for the school: \(path)")
    }
    public static func validated(files: Int, errors: Int, warnings: Int) -> Text {
        Text("共 \(files) 个文件：错误 \(errors) 处，提示 \(warnings) 处", "\(files) files: \(errors) errors, \(warnings) warnings")
    }
    public static func directorySummary(file: String, rows: Int, added: Int, changed: Int, unchanged: Int, refused: Int) -> Text {
        Text("\(file)：\(rows) 行；新增学校 \(added)，更新 \(changed)，未变 \(unchanged)，未导入的行 \(refused)",
             "\(file): \(rows) rows; \(added) schools added, \(changed) changed, \(unchanged) unchanged, \(refused) rows refused")
    }
    public static func subsetSummary(file: String, subsets: [String], labels: [String], rows: Int, teachers: Int, added: Int, changed: Int,
                                     removed: Int, unchanged: Int, refused: Int) -> Text {
        Text("\(file)（\(labels.joined(separator: "、"))）：\(rows) 行，教师 \(teachers) 人；新增 \(added) 条，更新 \(changed) 条，删除 \(removed) 条，"
                + "未变 \(unchanged) 条，未导入的行 \(refused)",
             "\(file) (\(subsets.joined(separator: ", "))): \(rows) rows of \(teachers) teachers; \(added) added, \(changed) changed, "
                + "\(removed) removed, \(unchanged) unchanged, \(refused) rows refused")
    }
    public static let directoryColumns = Text("学校标识码\t学校名称\t所在县区\t办学类型\t城乡分类\t办别\t在校生数\t在岗教师",
                                              "school code\tname\tcounty\tschool type\turban-rural\tsponsorship\tstudents\tteachers on staff")
    public static let unnamed = Text("（未命名）", "(unnamed)")
    public static func schoolCount(_ count: Int) -> Text { Text("共 \(count) 所学校", "\(count) schools") }
    public static let schoolCode = Text("学校标识码", "school code")
    public static let schoolName = Text("学校名称", "name")
    public static let countyLabel = Text("所在县区", "county")
    public static let cityLabel = Text("所在市", "city")
    public static let schoolTypeLabel = Text("办学类型", "school type")
    public static let urbanRuralLabel = Text("城乡分类", "urban-rural")
    public static let sponsorshipLabel = Text("办别", "sponsorship")
    public static let sponsorLabel = Text("举办者", "sponsor")
    public static let studentsLabel = Text("在校生数", "students")
    public static let teachersOnStaffLabel = Text("在岗教师", "teachers on staff")
    public static let changeLog = Text("变更记录：", "changes:")
    public static func schoolPlaced(_ code: String, name: String?, county: String) -> Text {
        Text("学校 \(code)\(name.map { "（\($0)）" } ?? "") 属县区 \(county)", "school \(code)\(name.map { " (\($0))" } ?? "") is in county \(county)")
    }
    public static func importedFile(_ label: String, newNumbers: Int, attached: Int, review: Int, refused: Int, outOfScope: Int) -> Text {
        Text("\(label)：新编号 \(newNumbers)，已有教师 \(attached)，待人工判定 \(review)" + (refused > 0 ? "，未导入 \(refused) 行（部分导入）" : "")
                + (outOfScope > 0 ? "，不在采集范围 \(outOfScope) 行" : ""),
             "\(label): \(newNumbers) new numbers, \(attached) existing teachers, \(review) for review"
                + (refused > 0 ? ", \(refused) rows not imported (partial import)" : "") + (outOfScope > 0 ? ", \(outOfScope) rows out of scope" : ""))
    }
    public static func unchangedFile(_ label: String) -> Text {
        Text("\(label)：内容与之前导入的相同，未作改动", "\(label): the same content as an earlier import; nothing changed")
    }
    public static func refusedFile(_ label: String, reason: String) -> Text {
        Text("\(label)：整个文件未导入：\(reason)", "\(label): the whole file was refused: \(reason)")
    }
    public static func importSummary(files: Int, rows: Int, imported: Int, newNumbers: Int, attached: Int, review: Int, refused: Int,
                                     outOfScope: Int, unchanged: Int) -> Text {
        Text("文件 \(files) 个，共 \(rows) 行：导入 \(imported)（新编号 \(newNumbers)，已有教师 \(attached)），待人工判定 \(review)，"
                + "未导入 \(refused)，不在采集范围 \(outOfScope)，未变 \(unchanged)",
             "files \(files), rows \(rows), imported \(imported) (new numbers \(newNumbers), attached \(attached)), queued for review \(review), "
                + "rejected \(refused), out of scope \(outOfScope), unchanged \(unchanged)")
    }
    public static func problemsIn(_ path: String) -> Text { Text("；各行问题见 \(path)", "; problems in \(path)") }
    public static func refusedRowsHint(_ rows: Int) -> Text {
        Text("\(rows) 行未导入：加 --report DIR 可得到每一行的问题（problems.json）", "\(rows) rows not imported: --report DIR writes each row's problems (problems.json)")
    }
    public static func missingFromFile(school: String, number: String) -> Text {
        Text("\(school) 的文件中没有教师 \(number)（离职？调出？未作任何删除）", "missing from \(school)'s file: \(number) (left? transferred? nothing was deleted)")
    }
    public static func checking(_ label: String) -> Text { Text("正在检查 \(label)", "checking \(label)") }
    public static func rowsSoFar(_ label: String, done: Int) -> Text { Text("\(label)：\(done) 行", "\(label): \(done) rows") }
    public static func rowsOf(_ label: String, done: Int, total: Int) -> Text { Text("\(label)：\(done)/\(total) 行", "\(label): \(done)/\(total) rows") }

    // MARK: - Command line: checking identities, regions, the matcher

    public static func noNameColumn(_ file: String) -> Text {
        Text("\(file)：表头没有姓名列（姓名或 name）", "\(file): the header has no name column (name or 姓名)")
    }
    public static func rowProblem(file: String, line: Int, record: String, name: String, field: String, message: Text) -> Text {
        Text("\(file) 第\(line)行  \(record)  \(name)  \(field)：\(message.chinese)", "\(file):\(line)  \(record)  \(name)  \(field): \(message.english)")
    }
    public static func normalizeSummary(file: String, rows: Int, clean: Int, problems: Int) -> Text {
        Text("\(file)：\(rows) 行，无问题 \(clean) 行，有问题 \(problems) 行", "\(file): \(rows) rows, \(clean) clean, \(problems) with problems")
    }
    public static func regionFileProblem(file: String, line: Int, reason: Text) -> Text {
        Text("\(file) 第\(line)行：\(reason.chinese)", "\(file), line \(line): \(reason.english)")
    }
    public static let emptyFile = Text("文件为空", "the file is empty")
    public static let regionHeader = Text("表头须有代码列（代码/code）和名称列（名称/name）", "the header must name a code column (代码/code) and a name column (名称/name)")
    public static func notAYear(_ text: String) -> Text { Text("“\(text)”不是年份", "year \"\(text)\" is not a year") }
    public static func regionCodeForm(_ text: String) -> Text { Text("区划代码“\(text)”不是6位数字", "region code \"\(text)\" is not 6 digits") }
    public static func regionUnnamed(_ code: String) -> Text { Text("区划 \(code) 没有名称", "region \(code) has no name") }
    public static let noRegions = Text("列表中没有区划", "the list has no regions")
    public static func regionTableUnreadable(_ path: String, _ detail: String) -> Text {
        Text("区划表 \(path) 无法读取（\(detail)）；请用 `teacher-registry regions load FILE` 重新载入",
             "the region table at \(path) cannot be read (\(detail)); load it again with `teacher-registry regions load FILE`")
    }
    public static func notUTF8Text(_ file: String, _ detail: String) -> Text {
        Text("\(file) 不能按 UTF-8 文本读取：\(detail)", "\(file) cannot be read as UTF-8 text: \(detail)")
    }
    public static func regionsLoaded(_ count: Int, retired: Int, into path: String) -> Text {
        Text("已载入区划代码 \(count) 个（其中 \(retired) 个已停用）到 \(path)", "loaded \(count) region codes (\(retired) no longer in use) into \(path)")
    }
    public static let noRegionTable = Text("尚未载入区划表；请先运行 `teacher-registry regions load FILE`",
                                           "no region table loaded; run `teacher-registry regions load FILE` first")
    public static let notInTable = Text("不在区划表中", "not in the table")
    public static func unknownDocumentType(_ code: String) -> Text { Text("未知的证件类型代码 \(code)", "unknown document type code \(code)") }
    public static let unknownDocument = Text("未知证件", "unknown")
    public static let validWord = Text("有效", "valid")
    public static let invalidWord = Text("无效", "invalid")
    public static func typed(_ input: String) -> Text { Text("（输入为 \(input)）", "(typed \(input))") }
    public static func born(_ day: String) -> Text { Text("出生日期 \(day)", "born \(day)") }
    public static func region(_ code: String) -> Text { Text("区划 \(code)", "region \(code)") }
    public static func warnings(_ list: [String]) -> Text { Text("提示：" + list.joined(separator: "、"), "warnings: " + list.joined(separator: ", ")) }
    public static func didYouMean(_ list: [String]) -> Text { Text("可能是：" + list.joined(separator: "、"), "did you mean " + list.joined(separator: ", ")) }
    public static func unusableModel(_ path: String, _ detail: String) -> Text {
        Text("\(path)：不是可用的模型（\(detail)）", "\(path): not a usable model (\(detail))")
    }
    public static let duplicatesHeading = Text("确定重复：", "Duplicates:")
    public static let reviewHeading = Text("疑似重复，待人工判定：", "For review:")
    public static func dedupeSummary(file: String, records: Int, candidates: Int, matches: Int, review: Int, groups: Int, large: Int, refused: Int) -> Text {
        Text("\(file)：记录 \(records) 条，候选对 \(candidates) 个，确定重复 \(matches) 对，待人工判定 \(review) 对，重复组 \(groups) 个（\(large) 个大得可疑），"
                + "证件号校验拒绝的连接 \(refused) 个",
             "\(file): \(records) records, \(candidates) candidate pairs, \(matches) matches, \(review) for review, \(groups) clusters of duplicates "
                + "(\(large) suspiciously large), \(refused) links refused by the ID guard")
    }
    public static func dedupeTimes(read: String, normalise: String, match: String, write: String, total: String) -> Text {
        Text("用时：读取 \(read)，规范化 \(normalise)，比对 \(match)，写出 \(write)，合计 \(total)",
             "time: read \(read), normalise \(normalise), match \(match), write \(write), total \(total)")
    }
    public static func matchPhases(_ list: String) -> Text { Text("比对各阶段：\(list)", "match phases: \(list)") }
    public static func pairsByRule(_ list: String) -> Text { Text("各分块规则产生的候选对：\(list)", "pairs by blocking rule: \(list)") }
    public static func blocksSkipped(_ list: String) -> Text { Text("过于常见而跳过的分块：\(list)", "blocks skipped as too common: \(list)") }
    public static func noEntity(_ path: String, record: String) -> Text {
        Text("\(path) 中没有记录 \(record) 的实体", "\(path) has no entity for record \(record)")
    }
    public static func noCluster(_ path: String, record: String) -> Text {
        Text("\(path) 中没有记录 \(record) 的聚类", "\(path) has no cluster for record \(record)")
    }
    public static func truthLine(_ file: String, line: Int) -> Text {
        Text("\(file) 第\(line)行：应为 record_id,entity_id", "\(file), line \(line): expected record_id,entity_id")
    }
    public static func generated(records: Int, teachers: Int, out: String) -> Text {
        Text("已写入 \(records) 条记录（教师 \(teachers) 人）到 \(out)/teachers.csv，真值到 \(out)/truth.csv",
             "wrote \(records) records of \(teachers) teachers to \(out)/teachers.csv and \(out)/truth.csv")
    }
}
