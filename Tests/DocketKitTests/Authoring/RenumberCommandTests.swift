import Foundation
import XCTest
@testable import DocketKit

final class RenumberCommandTests: XCTestCase {
    let now = "2026-11-30T10:00:00+08:00"

    private func text(_ path: String) -> String { String(decoding: bytes(path), as: UTF8.self) }

    /// Every record file's bytes, by path: to prove a run wrote nothing.
    private func snapshot(_ root: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root + "/tickets")
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") || path.contains("docket-tmp") { result[path] = bytes(root + "/tickets/" + path) }
        }
        return result
    }

    private func records(mentioning id: String, in root: String) -> [String] {
        snapshot(root).filter { !ReferenceRewriter.wholeWordMatches(of: Array(id.utf8), in: $0.value, from: 0).isEmpty }.keys.sorted()
    }

    func testRenumberRenamesTheFileRewritesEveryReferenceAndListsTheFiles() throws {
        let root = try TestRepository.copy()
        let old = "PRB-2026-0001", new = "PRB-2026-0900"
        let mentioning = records(mentioning: old, in: root)
        XCTAssertGreaterThan(mentioning.count, 1, "the sample links the problem from other records")
        let run = TestRepository.run(["renumber", old, new], in: root)
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.output.hasPrefix("renamed tickets/problems/2026/\(old).md -> tickets/problems/2026/\(new).md\n"), run.output)
        XCTAssertEqual(run.output.components(separatedBy: "\n").filter { $0.hasPrefix("rewrote ") }.count, mentioning.count - 1, run.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/tickets/problems/2026/\(old).md"))
        XCTAssertTrue(text(root + "/tickets/problems/2026/\(new).md").hasPrefix("---\nid: \(new)\n"))
        XCTAssertEqual(records(mentioning: old, in: root), [])
        XCTAssertEqual(records(mentioning: new, in: root).count, mentioning.count)
        let validation = TestRepository.run(["validate", "--now", now], in: root)
        XCTAssertEqual(validation.status, 0, validation.output)
    }

    func testOnlyWholeWordsAreRewritten() throws {
        let input = Array("---\nid: INC-2026-0002\nrelated: [INC-2026-0001, INC-2026-00012]\n---\n见 INC-2026-0001。INC-2026-00012, XINC-2026-0001, INC-2026-0001-b, (INC-2026-0001)\n".utf8)
        let rewritten = ReferenceRewriter.rewrite(input, record: nil, mapping: ["INC-2026-0001": "INC-2026-0031"])
        XCTAssertEqual(String(decoding: rewritten.bytes, as: UTF8.self),
                       "---\nid: INC-2026-0002\nrelated: [INC-2026-0001, INC-2026-00012]\n---\n见 INC-2026-0031。INC-2026-00012, XINC-2026-0001, INC-2026-0001-b, (INC-2026-0031)\n")
        XCTAssertEqual(rewritten.count, 2)

        // In a copy of the sample: a body mention of a longer id stays.
        let root = try TestRepository.copy()
        let path = "tickets/incidents/2026/INC-2026-0022.md"
        try TestRepository.write(text(root + "/" + path) + "- 2026-11-30 09:00 wangwu: 对比 PRB-2026-00012 与 PRB-2026-0001\n", to: path, in: root)
        XCTAssertEqual(TestRepository.run(["renumber", "PRB-2026-0001", "PRB-2026-0900"], in: root).status, 0)
        XCTAssertTrue(text(root + "/" + path).hasSuffix("对比 PRB-2026-00012 与 PRB-2026-0900\n"))
    }

    func testDryRunShowsThePlanAndWritesNothing() throws {
        let root = try TestRepository.copy()
        let before = snapshot(root)
        let run = TestRepository.run(["renumber", "PRB-2026-0001", "PRB-2026-0900", "--dry-run"], in: root)
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.output.hasPrefix("would rename tickets/problems/2026/PRB-2026-0001.md -> "), run.output)
        XCTAssertTrue(run.output.contains("\nwould rewrite "), run.output)
        XCTAssertEqual(snapshot(root), before)
    }

    func testATakenOrMisshapenNewIdIsRefusedAndNothingWritten() throws {
        let root = try TestRepository.copy()
        let before = snapshot(root)
        for (arguments, message) in [(["PRB-2026-0001", "PRB-2026-0002"], "taken by tickets/problems/2026/PRB-2026-0002.md"),
                                     (["PRB-2026-0001", "INC-2026-0900"], "expected NEW to fit the problem id pattern"),
                                     (["PRB-2026-0001", "PRB-26-1"], "expected NEW to fit"),
                                     (["PRB-2026-9999", "PRB-2026-0900"], "found no record PRB-2026-9999")] {
            let run = TestRepository.run(["renumber"] + arguments, in: root)
            XCTAssertEqual(run.status, 1, "\(arguments)")
            XCTAssertTrue(run.errors.contains(message), run.errors)
        }
        XCTAssertEqual(TestRepository.run(["renumber", "PRB-2026-0001"], in: root).status, 2)
        XCTAssertEqual(TestRepository.run(["renumber", "--conflicts", "--duplicates"], in: root).status, 2)
        XCTAssertEqual(snapshot(root), before)
    }

    func testDuplicatesTheRecordOpenedLaterMovesWithTheRecordsItLinksTo() throws {
        let root = try TestRepository.copy()
        let id = "INC-2026-0024"
        let original = text(root + "/tickets/incidents/2026/\(id).md")
        // A colleague's record with the same id, opened later, and a problem that came with it.
        let copyPath = "tickets/incidents/2025/\(id).md"
        let problem = SampleIDs.next("PRB", folder: "problems")
        let later = original.replacingOccurrences(of: "title: ", with: "title: 同号 ")
            .replacingOccurrences(of: "reported_at: 2026-11-30 09:50\n", with: "reported_at: 2026-11-30 09:55\n")
            .replacingOccurrences(of: "channel: web\n", with: "channel: web\nproblems: [\(problem)]\n")
        XCTAssertNotEqual(later, original)
        try TestRepository.write(later, to: copyPath, in: root)
        let problemText = text(root + "/tickets/problems/2026/PRB-2026-0001.md").replacingOccurrences(of: "PRB-2026-0001", with: problem)
            .replacingOccurrences(of: "\nconfiguration_items: ", with: "\nincidents: [\(id)]\nconfiguration_items: ")
        try TestRepository.write(problemText, to: SampleIDs.path(problem, folder: "problems"), in: root)
        let validation = TestRepository.run(["validate", "--now", now], in: root)
        XCTAssertTrue(validation.output.contains("[id-duplicate]"), validation.output)

        let run = TestRepository.run(["renumber", "--duplicates"], in: root)
        XCTAssertEqual(run.status, 0, run.errors)
        let moved = SampleIDs.next("INC", folder: "incidents")
        XCTAssertTrue(run.output.hasPrefix("renamed \(copyPath) -> \(SampleIDs.path(moved, folder: "incidents"))"), run.output)
        XCTAssertEqual(text(root + "/tickets/incidents/2026/\(id).md"), original)
        XCTAssertTrue(text(root + "/" + SampleIDs.path(moved, folder: "incidents")).contains("id: \(moved)\ntitle: 同号 "))
        XCTAssertTrue(run.output.contains("rewrote \(SampleIDs.path(problem, folder: "problems")) (1 reference)"), run.output)
        XCTAssertTrue(text(root + "/" + SampleIDs.path(problem, folder: "problems")).contains("incidents: [\(moved)]"))
        let after = TestRepository.run(["validate", "--now", now], in: root)
        XCTAssertFalse(after.output.contains("[id-duplicate]"), after.output)
        XCTAssertEqual(after.status, 0, after.output)
        XCTAssertEqual(TestRepository.run(["renumber", "--duplicates"], in: root).output, "nothing to renumber\n")
    }

    /// Two branches each add an incident and a problem linking it under the same new ids;
    /// theirs also mentions its incident in an existing record. After the merge stops on
    /// add/add conflicts, `renumber --conflicts` leaves no conflict, a clean validation and
    /// every reference at the record its branch meant.
    func testConflictsDuringAMergeKeepOursRenumberTheirsAndStage() throws {
        let root = try TestRepository.copy()
        guard var git = Git(directory: root) else { throw XCTSkip("git is not available") }
        git.timeout = 120
        let identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
        func gitOK(_ arguments: [String]) throws {
            let result = try git.run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        try gitOK(["init", "-q", "-b", "main"])
        try gitOK(["add", "-A"])
        try gitOK(identity + ["commit", "-qm", "sample"])

        let incident = SampleIDs.next("INC", folder: "incidents"), problem = SampleIDs.next("PRB", folder: "problems")
        let incidentPath = SampleIDs.path(incident, folder: "incidents"), problemPath = SampleIDs.path(problem, folder: "problems")
        let incidentBase = text(root + "/tickets/incidents/2026/INC-2026-0024.md").replacingOccurrences(of: "INC-2026-0024", with: incident)
        let problemBase = text(root + "/tickets/problems/2026/PRB-2026-0001.md").replacingOccurrences(of: "PRB-2026-0001", with: problem)
        func add(side: String) throws {
            let incidentText = incidentBase.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: \(side) ")
            let problemText = problemBase.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: \(side) ")
                .replacingOccurrences(of: "\nconfiguration_items: ", with: "\nincidents: [\(incident)]\nconfiguration_items: ")
            try TestRepository.write(incidentText, to: incidentPath, in: root)
            try TestRepository.write(problemText, to: problemPath, in: root)
        }
        try gitOK(["checkout", "-qb", "ours"])
        try add(side: "ours")
        try gitOK(["add", "-A"])
        try gitOK(identity + ["commit", "-qm", "ours"])
        try gitOK(["checkout", "-q", "main"])
        try gitOK(["checkout", "-qb", "theirs"])
        try add(side: "theirs")
        let mentionPath = "tickets/incidents/2026/INC-2026-0022.md"
        try TestRepository.write(text(root + "/" + mentionPath) + "- 2026-11-30 09:00 wangwu: 与 \(incident) 同一线路\n", to: mentionPath, in: root)
        try gitOK(["add", "-A"])
        try gitOK(identity + ["commit", "-qm", "theirs"])
        try gitOK(["checkout", "-q", "ours"])
        XCTAssertNotEqual(try git.run(identity + ["merge", "-q", "--no-edit", "theirs"]).status, 0, "the merge stops on add/add conflicts")
        XCTAssertEqual(try git.run(["diff", "--name-only", "--diff-filter=U"]).text, incidentPath + "\n" + problemPath + "\n")

        let run = try XCTUnwrap(TestRepository.run(["renumber", "--conflicts"], in: root, within: 300))
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        let newIncident = SampleIDs.next("INC", folder: "incidents", offset: 1), newProblem = SampleIDs.next("PRB", folder: "problems", offset: 1)
        let newIncidentPath = SampleIDs.path(newIncident, folder: "incidents"), newProblemPath = SampleIDs.path(newProblem, folder: "problems")
        XCTAssertTrue(run.output.contains("wrote \(newIncidentPath) (theirs of \(incidentPath))"), run.output)
        XCTAssertTrue(run.output.contains("rewrote \(mentionPath) (1 reference)"), run.output)

        XCTAssertEqual(try git.run(["diff", "--name-only", "--diff-filter=U"]).text, "")
        XCTAssertEqual(try git.run(["status", "--porcelain", "--", "tickets"]).text.components(separatedBy: "\n").filter { $0.hasPrefix("U") || $0.hasPrefix("AA") }, [])
        let validation = TestRepository.run(["validate", "--now", now], in: root)
        XCTAssertEqual(validation.status, 0, validation.output)
        XCTAssertFalse(validation.output.contains(": error: "), validation.output)

        // Ours at the ids, theirs at the next ones, each linking its own side's incident.
        XCTAssertTrue(text(root + "/" + incidentPath).contains("id: \(incident)\ntitle: ours "))
        XCTAssertTrue(text(root + "/" + problemPath).contains("title: ours "))
        XCTAssertTrue(text(root + "/" + problemPath).contains("incidents: [\(incident)]"))
        XCTAssertTrue(text(root + "/" + newIncidentPath).contains("id: \(newIncident)\ntitle: theirs "))
        XCTAssertTrue(text(root + "/" + newProblemPath).contains("id: \(newProblem)\ntitle: theirs "))
        XCTAssertTrue(text(root + "/" + newProblemPath).contains("incidents: [\(newIncident)]"))
        XCTAssertTrue(text(root + "/" + mentionPath).hasSuffix("与 \(newIncident) 同一线路\n"))
        XCTAssertFalse(text(root + "/" + incidentPath).contains("<<<<<<<"))
        try gitOK(identity + ["commit", "-q", "--no-edit"])

        // Outside a merge, --conflicts is refused.
        let again = TestRepository.run(["renumber", "--conflicts"], in: root)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.errors.contains("expected a merge in progress"), again.errors)
    }

    func testAFailedWriteNamesTheFilesAlreadyWritten() throws {
        let root = try TestRepository.copy()
        // A record reached through a symbolic link inside the root is read, but never written through.
        let target = "extra/INC-2026-0900.md"
        let record = text(root + "/tickets/incidents/2026/INC-2026-0024.md").replacingOccurrences(of: "INC-2026-0024", with: "INC-2026-0900") + "\n见 PRB-2026-0001。\n"
        try TestRepository.write(record, to: target, in: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/tickets/incidents/2026/INC-2026-0900.md", withDestinationPath: "../../../" + target)
        let run = TestRepository.run(["renumber", "PRB-2026-0001", "PRB-2026-0900"], in: root)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.errors.contains("expected a regular file at"), run.errors)
        XCTAssertTrue(run.errors.contains("already written: tickets/problems/2026/PRB-2026-0900.md"), run.errors)
        XCTAssertEqual(text(root + "/" + target), record)
    }

    func testRemoveTakesARegularFileAndRefusesALinkOrAPathOutside() throws {
        let root = try TestRepository.copy()
        let path = root + "/tickets/incidents/2026/INC-2026-0024.md", link = root + "/tickets/incidents/2026/LINK.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        XCTAssertThrowsError(try AtomicFile.remove(link, root: root))
        XCTAssertEqual(FileSystem.kind(link), .symlink)
        XCTAssertThrowsError(try AtomicFile.remove(FileManager.default.temporaryDirectory.path + "/docket-none.md", root: root))
        try AtomicFile.remove(path, root: root)
        XCTAssertNil(FileSystem.kind(path))
    }

    func testAConflictInsideARecordIsListedAndLeftAsItIs() throws {
        let root = try TestRepository.copy()
        guard var git = Git(directory: root) else { throw XCTSkip("git is not available") }
        git.timeout = 120
        let identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
        let path = "tickets/incidents/2026/INC-2026-0022.md"
        let original = text(root + "/" + path)
        func commit(_ arguments: [String]) throws { XCTAssertEqual(try git.run(arguments).status, 0, "\(arguments)") }
        try commit(["init", "-q", "-b", "main"])
        try commit(["add", "-A"])
        try commit(identity + ["commit", "-qm", "sample"])
        for side in ["ours", "theirs"] {
            try commit(["checkout", "-q", "main"])
            try commit(["checkout", "-qb", side])
            try TestRepository.write(original.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: \(side) "), to: path, in: root)
            try commit(identity + ["commit", "-qam", side])
        }
        try commit(["checkout", "-q", "ours"])
        XCTAssertNotEqual(try git.run(identity + ["merge", "-q", "--no-edit", "theirs"]).status, 0)
        let withMarkers = text(root + "/" + path)
        let run = try XCTUnwrap(TestRepository.run(["renumber", "--conflicts"], in: root, within: 300))
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.errors.contains("found another conflict (both sides changed it); resolve it by hand"), run.errors)
        XCTAssertEqual(text(root + "/" + path), withMarkers)
        XCTAssertEqual(try git.run(["diff", "--name-only", "--diff-filter=U"]).text, path + "\n")
    }
}
