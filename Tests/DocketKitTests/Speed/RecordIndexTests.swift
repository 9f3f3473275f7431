import Foundation
import XCTest
@testable import DocketKit

/// The `.docket/` index changes how `show` and `list` find records, never what they print:
/// every output is compared byte for byte with the same verb run with `--no-index`.
final class RecordIndexTests: XCTestCase {
    static let now = ["--now", "2026-11-30T10:00:00+08:00"]

    /// Every format of `list`, every filter, and `show` of records with links both ways.
    static let commands: [[String]] = {
        var commands: [[String]] = [["list", "--format", "table"], ["list", "--format", "json"], ["list", "--format", "csv"]]
        let filters: [[String]] = [
            ["--kind", "incident"], ["--kind", "problem,change"], ["--status", "closed"], ["--open"],
            ["--assignee", "lisi"], ["--priority", "P1,P2"], ["--since", "2026-11"], ["--until", "2026-10-15"],
            ["--linked-to", "PRB-2026-0001"], ["--linked-to", "CI-APP-FIN"], ["--open", "--kind", "incident", "--priority", "P3"],
        ]
        // Each filter in one format, the formats in turn: every filter and every format is covered.
        for (position, filter) in filters.enumerated() {
            commands.append(["list"] + filter + ["--format", ["table", "json", "csv"][position % 3]])
        }
        for id in ["INC-2026-0003", "PRB-2026-0001", "CI-APP-FIN", "INC-2026-0099", "INC-2026-0004"] {
            commands.append(["show", id] + now)
            commands.append(["show", id, "--format", "json"] + now)
        }
        return commands
    }()

    var root = ""

    override func setUpWithError() throws {
        root = try TestRepository.copy()
        // Files as old as a checkout: the index trusts their stamps (a file modified in the
        // last seconds is always read again, which would hide what these tests look at).
        try backdate(root + "/tickets", to: 1_600_000_000)
        try setModified(root + "/tickets", 1_600_000_000)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func backdate(_ folder: String, to seconds: Int) throws {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: folder))
        for case let path as String in enumerator { try setModified(folder + "/" + path, seconds) }
    }

    func setModified(_ path: String, _ seconds: Int) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds))], ofItemAtPath: path)
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        try XCTUnwrap(TestRepository.run(arguments + ["--root", root], in: root, environment: environment, within: 60), arguments.joined(separator: " "))
    }

    var indexPath: String { root + "/.docket/" + IndexFile.name }

    /// Every command's output with the index (built or refreshed by the first `list`) equals its output without.
    func assertSameOutputs(_ situation: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for command in Self.commands {
            let expected = try run(command + ["--no-index"])
            let found = try run(command)
            let name = situation + ": " + command.joined(separator: " ")
            XCTAssertEqual(found.status, expected.status, name, file: file, line: line)
            XCTAssertEqual(found.output, expected.output, name, file: file, line: line)
            XCTAssertEqual(found.errors, expected.errors, name, file: file, line: line)
            if command[0] == "show", command[1] != "INC-2026-0099" { XCTAssertEqual(found.status, 0, name + found.errors, file: file, line: line) }
        }
    }

    func refresh(_ use: RecordIndex.Use = .build) throws -> RecordIndex? {
        RecordIndex.refresh(root: root, procedures: try ProcedureSet.load(root: root), use: use)
    }

    func testNoFreshStaleAndCorruptIndexesGiveTheSameOutput() throws {
        XCTAssertFalse(FileManager.default.fileExists(atPath: indexPath))
        try assertSameOutputs("no index")
        XCTAssertTrue(FileManager.default.fileExists(atPath: indexPath))
        let fresh = try XCTUnwrap(try refresh())
        XCTAssertEqual(fresh.reread, 0, "a fresh index reads no record")
        XCTAssertEqual(fresh.entries.count, fresh.scan.files.count)
        try assertSameOutputs("fresh index")

        // Stale: a record edited keeping its size, one added, one removed, one renamed, a link added elsewhere.
        let edited = root + "/tickets/incidents/2026/INC-2026-0004.md"
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "status: closed", with: "status: new   ")
        XCTAssertNotEqual(changed, text)
        XCTAssertEqual(changed.utf8.count, text.utf8.count)
        try changed.write(toFile: edited, atomically: false, encoding: .utf8)
        try setModified(edited, 1_600_000_100)
        let source = try String(contentsOfFile: root + "/tickets/incidents/2026/INC-2026-0003.md", encoding: .utf8)
        try source.replacingOccurrences(of: "INC-2026-0003", with: "INC-2026-0099")
            .write(toFile: root + "/tickets/incidents/2026/INC-2026-0099.md", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/tickets/incidents/2026/INC-2026-0005.md")
        try FileManager.default.moveItem(atPath: root + "/tickets/incidents/2026/INC-2026-0006.md", toPath: root + "/tickets/incidents/2026/INC-2026-0096.md")
        try source.replacingOccurrences(of: "configuration_items: [CI-SAN-01]", with: "configuration_items: [CI-SAN-01, CI-APP-FIN]")
            .write(toFile: root + "/tickets/incidents/2026/INC-2026-0003.md", atomically: true, encoding: .utf8)
        // Written just now, they would be read again by every refresh for two seconds (the
        // index does not trust a stamp that new), and the "rebuilt, reads nothing" checks below
        // would depend on how fast this machine runs the commands in between.
        try setModified(root + "/tickets/incidents/2026/INC-2026-0099.md", 1_600_000_300)
        try setModified(root + "/tickets/incidents/2026/INC-2026-0003.md", 1_600_000_300)
        let stale = try XCTUnwrap(try refresh())
        XCTAssertEqual(try run(["show", "INC-2026-0099"] + Self.now).status, 0, "the added record is found")
        XCTAssertEqual(stale.reread, 4, "the edited, added, renamed and relinked files are read again, no other")
        XCTAssertTrue(stale.entries.contains { $0.row?.id == "INC-2026-0004" && $0.row?.status == "new" })
        XCTAssertFalse(stale.entries.contains { $0.path.hasSuffix("INC-2026-0005.md") })
        XCTAssertTrue(stale.entries.contains { $0.row?.id == "INC-2026-0003" && $0.links.contains(.init(field: "configuration_items", target: "CI-APP-FIN")) })
        // Refreshed by that call; stale again for the commands: the same edits once more.
        try changed.replacingOccurrences(of: "status: new   ", with: "status: closed").write(toFile: edited, atomically: false, encoding: .utf8)
        try setModified(edited, 1_600_000_200)
        try assertSameOutputs("stale index")

        // Corrupt: truncated, garbage, another version; each ignored and rebuilt.
        let good = try XCTUnwrap(FileManager.default.contents(atPath: indexPath))
        let corruptions: [(String, Data)] = [
            ("truncated", good.prefix(good.count / 2)),
            ("empty", Data()),
            ("garbage", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })),
            ("another version", { var data = good; data[IndexFile.magic.count - 1] = 99; return data }()),
            ("a flipped byte", { var data = good; data[good.count / 3] ^= 0x20; return data }()),
        ]
        for (name, bytes) in corruptions {
            try bytes.write(to: URL(fileURLWithPath: indexPath))
            XCTAssertNil(try refresh(.existing), name + ": show does not use it")
            let listed = try run(["list", "--format", "json"])
            XCTAssertEqual(listed.status, 0, name)
            XCTAssertEqual(listed.output, try run(["list", "--format", "json", "--no-index"]).output, name)
            XCTAssertEqual(try XCTUnwrap(try refresh(.existing), name + ": rebuilt").reread, 0, name)
        }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: indexPath))
        try assertSameOutputs("corrupt index")
    }

    /// An index whose stamps still match is believed (that is its point), `--no-index` and
    /// `DOCKET_NO_INDEX=1` read the files, and `validate` always reads the files.
    func testAMatchingIndexIsUsedNoIndexAndValidateReadTheFiles() throws {
        let before = try run(["list", "--format", "csv"])
        XCTAssertEqual(before.status, 0)
        let validated = try run(["validate", "--format", "json"] + Self.now)
        // The same bytes, size, time and inode, another id: only a reader of the file sees it.
        let path = root + "/tickets/incidents/2026/INC-2026-0004.md"
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        let text = try XCTUnwrap(String(data: handle.readDataToEndOfFile(), encoding: .utf8))
        let forged = text.replacingOccurrences(of: "id: INC-2026-0004", with: "id: INC-2026-0094")
        XCTAssertEqual(forged.utf8.count, text.utf8.count)
        try handle.seek(toOffset: 0)
        handle.write(Data(forged.utf8))
        try handle.close()
        try setModified(path, 1_600_000_000)

        XCTAssertEqual(try run(["list", "--format", "csv"]).output, before.output, "the index serves the rows")
        let direct = try run(["list", "--format", "csv", "--no-index"])
        XCTAssertNotEqual(direct.output, before.output)
        XCTAssertTrue(direct.output.contains("INC-2026-0094"))
        XCTAssertEqual(try run(["list", "--format", "csv"], environment: ["DOCKET_NO_INDEX": "1"]).output, direct.output)

        let after = try run(["validate", "--format", "json"] + Self.now)
        XCTAssertNotEqual(after.output, validated.output, "validate reads the file, not the index")
        XCTAssertTrue(after.output.contains("INC-2026-0094"), after.output)
        try FileManager.default.removeItem(atPath: root + "/.docket")
        XCTAssertEqual(try run(["validate", "--format", "json"] + Self.now).output, after.output, "validate's findings do not depend on the index")
    }

    func testNoIndexWritesNoIndex() throws {
        XCTAssertEqual(try run(["list", "--no-index"]).status, 0)
        XCTAssertEqual(try run(["list"], environment: ["DOCKET_NO_INDEX": "1"]).status, 0)
        XCTAssertEqual(try run(["show", "INC-2026-0003"] + Self.now).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/.docket"), "show builds no index, --no-index writes none")
        XCTAssertNil(try refresh(.existing))
    }

    /// The index is replaced by a rename, never written in place: a hard link to the old file keeps the old bytes.
    func testTheIndexIsReplacedAtomically() throws {
        XCTAssertEqual(try run(["list"]).status, 0)
        let old = try XCTUnwrap(FileManager.default.contents(atPath: indexPath))
        try FileManager.default.linkItem(atPath: indexPath, toPath: root + "/old-index")
        try "\n".write(toFile: root + "/tickets/incidents/2026/INC-2026-0004.md", atomically: false, encoding: .utf8)
        XCTAssertEqual(try run(["list"]).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: root + "/old-index"), old)
        XCTAssertNotEqual(FileManager.default.contents(atPath: indexPath), old)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/.docket"), [IndexFile.name], "no temporary file is left")
    }

    /// `.docket` linked out of the root is neither read nor written; an index that cannot be
    /// written (a read-only checkout) changes nothing but the speed.
    func testADocketFolderOutsideTheRootOrNotWritableIsNotUsed() throws {
        let outside = try TestRepository.emptyFolder("outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: root + "/.docket", withDestinationPath: outside)
        try assertSameOutputs("a .docket link out of the root")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])

        try FileManager.default.removeItem(atPath: root + "/.docket")
        try FileManager.default.createDirectory(atPath: root + "/inside", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/.docket", withDestinationPath: "inside")
        XCTAssertEqual(try run(["list"]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/inside/" + IndexFile.name), "a link inside the root is followed")

        try FileManager.default.removeItem(atPath: root + "/.docket")
        try FileManager.default.createDirectory(atPath: indexPath, withIntermediateDirectories: true)
        try assertSameOutputs("an index that cannot be written")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/.docket"), [IndexFile.name])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: indexPath), [])
    }

    func testTheFileFormatRoundTripsAndRefusesDamage() throws {
        let entries = [
            RecordIndex.Entry(path: "tickets/a.md", stamp: .init(size: 10, modified: -5, inode: .max), kind: "incident", id: "INC-1",
                              row: ListCommand.Row(id: "INC-1", kind: "incident", status: "new", priority: nil, person: "", personName: nil,
                                                   opened: Int64.min, title: "标题\n\u{1b}"),
                              links: [.init(field: "problem", target: "PRB-1")]),
            RecordIndex.Entry(path: "tickets/b.md", stamp: .unknown, kind: "problem", id: nil, row: nil, links: []),
        ]
        let bytes = IndexFile.encode(fingerprint: 42, entries: entries)
        let decoded = try XCTUnwrap(IndexFile.decode(bytes, fingerprint: 42))
        XCTAssertEqual(decoded.count, 2)
        XCTAssertEqual(decoded[0].row?.title, "标题\n\u{1b}")
        XCTAssertEqual(decoded[0].row?.person, "")
        XCTAssertNil(decoded[0].row?.priority)
        XCTAssertEqual(decoded[0].row?.opened, Int64.min)
        XCTAssertEqual(decoded[0].stamp, entries[0].stamp)
        XCTAssertEqual(decoded[0].links, entries[0].links)
        XCTAssertNil(decoded[1].row)
        XCTAssertNil(decoded[1].id)
        // Without rows (show): ids, links and stamps, and the bytes to write back unchanged.
        let light = try XCTUnwrap(IndexFile.decode(bytes, fingerprint: 42, rows: false))
        XCTAssertEqual(light[0].id, "INC-1")
        XCTAssertNil(light[0].row)
        XCTAssertEqual(light[0].links, entries[0].links)
        XCTAssertEqual(IndexFile.encode(fingerprint: 42, entries: light), bytes)
        XCTAssertNil(IndexFile.decode(bytes, fingerprint: 43), "written for other procedures")
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            XCTAssertNil(IndexFile.decode(Array(bytes.prefix(cut)), fingerprint: 42), "truncated at \(cut)")
        }
    }

    /// The stamps taken by name relative to each folder are those `stat` gives by absolute path:
    /// a file behind a link inside the root has its target's stamp, a file gone has none, and
    /// a folder that cannot be opened falls back to the absolute path.
    func testStampsByFolderEqualStampsByPath() throws {
        let procedures = try ProcedureSet.load(root: root)
        let folder = root + "/tickets/incidents/2026"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }.sorted()
        let target = try XCTUnwrap(names.first)
        try FileManager.default.createSymbolicLink(atPath: folder + "/INC-2026-9001.md", withDestinationPath: target)
        let files = RepositoryScanner.scan(root: root, procedures: procedures).files
        XCTAssertTrue(files.contains { $0.stem == "INC-2026-9001" })
        let gone = try XCTUnwrap(files.first { $0.stem != "INC-2026-9001" && $0.path.hasPrefix("tickets/incidents/2026/") && $0.stem != String(target.dropLast(3)) })
        try FileManager.default.removeItem(atPath: gone.fullPath)
        let stamps = RecordIndex.Stamp.of(files, root: root)
        XCTAssertEqual(stamps.count, files.count)
        for (file, stamp) in zip(files, stamps) {
            XCTAssertEqual(stamp, RecordIndex.Stamp(of: file.fullPath), file.path)
            XCTAssertEqual(stamp == nil, file.path == gone.path, file.path)
        }
        let linked = try XCTUnwrap(files.firstIndex { $0.stem == "INC-2026-9001" })
        XCTAssertEqual(stamps[linked], RecordIndex.Stamp(of: folder + "/" + target))
        // A file listed under a folder that is not there (renamed since the walk): no stamp, as by path.
        let moved = [TicketFile(path: "tickets/nowhere/INC-2026-0001.md", root: root, kind: "incident", stem: "INC-2026-0001")] + files
        XCTAssertEqual(RecordIndex.Stamp.of(moved, root: root).first!, nil)
    }

    /// `show` reads the index in place only when every file is as it holds it: a file edited
    /// (same size, another time), added or removed, or a damaged index, is never looked up.
    func testTheIndexIsReadInPlaceOnlyWhenEveryFileMatches() throws {
        let procedures = try ProcedureSet.load(root: root)
        func state() -> String {
            switch RecordIndex.inPlace(root: root, procedures: procedures) {
            case .none: return "none"
            case .fresh: return "fresh"
            case .stale: return "stale"
            }
        }
        XCTAssertEqual(state(), "none", "no index yet")
        XCTAssertEqual(try run(["list"]).status, 0)
        XCTAssertEqual(state(), "fresh")
        guard case .fresh(let bytes, let slots, let scan) = RecordIndex.inPlace(root: root, procedures: procedures) else { return XCTFail() }
        XCTAssertEqual(slots.count, scan.files.count)
        XCTAssertEqual(IndexFile.decode(bytes, fingerprint: RecordIndex.fingerprint(root: root))?.map(\.path), scan.files.map(\.path))

        let path = root + "/tickets/incidents/2026/INC-2026-0004.md"
        try setModified(path, 1_600_000_001)
        XCTAssertEqual(state(), "stale", "another modification time")
        XCTAssertEqual(try run(["show", "INC-2026-0004"] + Self.now).status, 0)
        XCTAssertEqual(state(), "fresh", "show brought the index up to date")

        try FileManager.default.copyItem(atPath: path, toPath: root + "/tickets/incidents/2026/INC-2026-0095.md")
        try setModified(root + "/tickets/incidents/2026/INC-2026-0095.md", 1_600_000_000)
        XCTAssertEqual(state(), "stale", "a new file")
        XCTAssertEqual(try run(["list"]).status, 0)
        XCTAssertEqual(state(), "fresh")
        try FileManager.default.removeItem(atPath: root + "/tickets/incidents/2026/INC-2026-0095.md")
        XCTAssertEqual(state(), "stale", "a file removed")
        XCTAssertEqual(try run(["list"]).status, 0)

        var damaged = try XCTUnwrap(FileManager.default.contents(atPath: indexPath))
        damaged[damaged.count / 2] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: indexPath))
        XCTAssertEqual(state(), "none", "a damaged index")
    }

    /// `show` answers from the quick section only when every folder and every file is as it holds
    /// them: a file added (its folder's times change), edited (same size, another time), a folder
    /// changed just now (racy: stamp unknown), a link in the walk, or a damaged section, is never believed.
    func testTheQuickSectionAnswersOnlyWhenEveryFolderAndFileMatches() throws {
        let procedures = try ProcedureSet.load(root: root)
        func quick(_ id: String = "PRB-2026-0001") -> QuickIndex.Found? { QuickIndex.lookup(root: root, procedures: procedures, around: id) }
        func inode() throws -> Int { try XCTUnwrap(FileManager.default.attributesOfItem(atPath: indexPath)[.systemFileNumber] as? Int) }
        XCTAssertNil(quick(), "no index yet")
        XCTAssertEqual(try run(["list"]).status, 0)
        let found = try XCTUnwrap(quick(), "every folder and file as the index holds them")
        XCTAssertEqual(found.files[found.own].path, "tickets/problems/2026/PRB-2026-0001.md")
        XCTAssertEqual(found.chosen["PRB-2026-0001"], found.own)
        XCTAssertEqual(found.files.map(\.path), found.files.map(\.path).sorted(), "in the walk's order")
        XCTAssertNil(quick("PRB-2026-9999"), "no such record: the caller reads the tree")
        let before = try run(["show", "PRB-2026-0001"] + Self.now).output

        // A new incident linking to the problem, its own time old: the folder's times are new.
        let source = root + "/tickets/incidents/2026/INC-2026-0004.md"
        let text = try String(contentsOfFile: source, encoding: .utf8)
        XCTAssertTrue(text.contains("PRB-2026-0001"))
        let added = root + "/tickets/incidents/2026/INC-2026-0096.md"
        try text.replacingOccurrences(of: "id: INC-2026-0004", with: "id: INC-2026-0096").write(toFile: added, atomically: false, encoding: .utf8)
        try setModified(added, 1_600_000_000)
        XCTAssertNil(quick(), "a file added")
        let after = try run(["show", "PRB-2026-0001"] + Self.now)
        XCTAssertEqual(after.output, try run(["show", "PRB-2026-0001", "--no-index"] + Self.now).output)
        XCTAssertNotEqual(after.output, before)
        XCTAssertNil(quick(), "the folder changed just now: its stamp is not trusted yet")
        try setModified(root + "/tickets/incidents/2026", 1_600_000_000)
        let written = try inode()
        XCTAssertEqual(try run(["show", "PRB-2026-0001"] + Self.now).output, after.output)
        XCTAssertNotEqual(try inode(), written, "show wrote the index again, with every folder's stamp")
        let again = try XCTUnwrap(quick(), "rewritten once the folder is old")
        XCTAssertTrue(again.files.contains { $0.path.hasSuffix("/INC-2026-0096.md") }, "the new source is read")
        XCTAssertEqual(try run(["show", "PRB-2026-0001"] + Self.now).output, after.output)

        // The same size, another modification time (1 ns).
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000.000_001)], ofItemAtPath: added)
        XCTAssertNil(quick(), "a file edited")
        XCTAssertEqual(try run(["list"]).status, 0)
        XCTAssertNotNil(quick())
        // A folder whose change time moves (its permissions), its modification time kept.
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: root + "/tickets/problems")
        XCTAssertNil(quick(), "a folder's change time")
        try setModified(root + "/tickets/problems", 1_600_000_000)
        XCTAssertEqual(try run(["show", "PRB-2026-0001"] + Self.now).status, 0)
        XCTAssertNotNil(quick())

        // A damaged byte in the section.
        let good = try XCTUnwrap(FileManager.default.contents(atPath: indexPath))
        var damaged = good
        damaged[IndexFile.magic.count + 40] ^= 0x01
        try damaged.write(to: URL(fileURLWithPath: indexPath))
        XCTAssertNil(quick(), "a damaged section")
        try good.write(to: URL(fileURLWithPath: indexPath))
        XCTAssertNotNil(quick())

        // A link in the walk: no section is written, every entry is compared instead.
        try FileManager.default.createSymbolicLink(atPath: root + "/tickets/incidents/2026/INC-2026-0097.md", withDestinationPath: "INC-2026-0096.md")
        XCTAssertNil(quick())
        XCTAssertEqual(try run(["list"]).status, 0)
        try setModified(root + "/tickets/incidents/2026", 1_600_000_000)
        XCTAssertEqual(try run(["show", "PRB-2026-0001"] + Self.now).status, 0)
        XCTAssertNil(quick(), "no quick section with a link in the walk")
        try assertSameOutputs("a link in the walk")
    }

    /// Names and folders from the section are used only as the walk makes them: inside `tickets/`.
    func testTheQuickSectionRefusesPathsOutOfTheTree() {
        XCTAssertTrue(QuickIndex.safe(folder: "tickets/incidents/2026"))
        XCTAssertFalse(QuickIndex.safe(folder: "tickets/../procedures"))
        XCTAssertFalse(QuickIndex.safe(folder: "procedures"))
        XCTAssertFalse(QuickIndex.safe(folder: "tickets//x"))
        let names: [UInt8] = Array("a.md\0..\0a/b\0".utf8)
        names.withUnsafeBytes { raw in
            XCTAssertTrue(QuickIndex.safe(name: raw, start: 0, count: 4))
            XCTAssertFalse(QuickIndex.safe(name: raw, start: 5, count: 2), "..")
            XCTAssertFalse(QuickIndex.safe(name: raw, start: 8, count: 3), "a slash")
            XCTAssertFalse(QuickIndex.safe(name: raw, start: 0, count: 3), "not followed by a zero byte")
        }
    }

    /// `show` rewrites a stale quick section only where the index can be written.
    func testTheIndexIsWritableOnlyInAUsableDocketFolder() throws {
        XCTAssertTrue(RecordIndex.writable(root: root), "no .docket yet: the root is writable")
        XCTAssertEqual(try run(["list"]).status, 0)
        XCTAssertTrue(RecordIndex.writable(root: root))
        try FileManager.default.removeItem(atPath: root + "/.docket")
        let outside = try TestRepository.emptyFolder("outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: root + "/.docket", withDestinationPath: outside)
        XCTAssertFalse(RecordIndex.writable(root: root), "a link out of the root")
        try FileManager.default.removeItem(atPath: root + "/.docket")
        try "".write(toFile: root + "/.docket", atomically: false, encoding: .utf8)
        XCTAssertFalse(RecordIndex.writable(root: root), "a file, not a folder")
        if getuid() != 0 {
            try FileManager.default.removeItem(atPath: root + "/.docket")
            try FileManager.default.createDirectory(atPath: root + "/.docket", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/.docket") }
            XCTAssertFalse(RecordIndex.writable(root: root), "a read-only folder")
        }
    }
}
