import Foundation
import Testing

/// The web pages in a real browser: `Tests/Browser/walkthrough.py` drives
/// headless Chromium through WebDriver against `teacher-registry serve`.
@Suite("Web pages in a browser")
struct BrowserWalkthroughTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func aCountyOfficerUploadsReviewsApprovesAndFollowsATeacherInARealBrowser() throws {
        let needed = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
        for tool in needed where !FileManager.default.isExecutableFile(atPath: tool) {
            Issue.record("\(tool) is missing: apt-get install -y chromium chromium-driver python3-selenium (.ci/run does)")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.root.appendingPathComponent("Tests/Browser/walkthrough.py").path, "--binary", CLIProcess.binary.path,
                             "--samples", Self.root.appendingPathComponent("Data/samples").path,
                             "--screenshots", Self.root.appendingPathComponent("out/screenshots").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
