import XCTest
@testable import DocketKit

/// A read that names its fields (`FieldSelection`, `docket report`) gives the named fields the
/// values a whole read gives, leaves the others out where the fast path decodes the file,
/// keeps every field that can hold a reference, and drops a file exactly when a whole read does.
final class FieldSelectionTests: XCTestCase {
    typealias Sample = FieldSlotDecoderTests.Sample
    static let procedures = FieldSlotDecoderTests.procedures
    static let named = ["id", "status", "priority", "title", "resolved_at", "escalations", "category"]

    /// Whole and selected reads of `samples`; returns how many selected reads left a present field out.
    @discardableResult
    func assertSelectionAgrees(_ samples: [Sample], _ label: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        let reader = RecordReader(procedures: Self.procedures)
        var skipped = 0
        for sample in samples {
            let selection = FieldSelection(procedure: sample.procedure, keys: Self.named)
            var wholeSink = DiagnosticSink(path: "x.md", severities: sample.procedure.severities)
            var partSink = DiagnosticSink(path: "x.md", severities: sample.procedure.severities)
            let whole = reader.read(path: "x.md", bytes: sample.bytes, procedure: sample.procedure, sink: &wholeSink)
            let part = reader.read(path: "x.md", bytes: sample.bytes, procedure: sample.procedure, sink: &partSink, selection: selection)
            guard let whole, let part else {
                XCTAssertEqual(whole == nil, part == nil, "\(label): \(sample.path) read by one way only", file: file, line: line)
                continue
            }
            XCTAssertEqual(whole.keyOrder, part.keyOrder, "\(label): \(sample.path)", file: file, line: line)
            XCTAssertEqual(whole.worklog.count, part.worklog.count, "\(label): \(sample.path)", file: file, line: line)
            for key in whole.keyOrder {
                // A key the procedure does not declare comes from the general path, which decodes all.
                let index = sample.procedure.fields.firstIndex { $0.key == key }
                let wholeText = whole.fields[key].map(FieldSlotDecoderTests.describe)
                let partText = part.fields[key].map(FieldSlotDecoderTests.describe)
                if index.map(selection.contains) ?? true {
                    XCTAssertEqual(wholeText, partText, "\(label): \(sample.path) field \(key)", file: file, line: line)
                } else if partText == nil {
                    skipped += 1
                } else {
                    // Kept only by a file the fast path left to the general path (which decodes all).
                    XCTAssertEqual(wholeText, partText, "\(label): \(sample.path) field \(key)", file: file, line: line)
                }
            }
            XCTAssertEqual(whole.references.map(\.reference.id), part.references.map(\.reference.id), "\(label): \(sample.path)", file: file, line: line)
        }
        return skipped
    }

    func testSampleRecordsKeepTheNamedFieldsAndSkipTheRest() {
        let samples = FieldSlotDecoderTests.samples
        XCTAssertGreaterThan(samples.count, 300)
        XCTAssertGreaterThan(assertSelectionAgrees(samples, "LF"), samples.count, "fields the selection left out")
    }

    func testMutatedRecordsAreDroppedExactlyWhenAWholeReadDropsThem() {
        let bases = FieldSlotDecoderTests.samples.filter { $0.path.contains("/tickets/") || $0.path.contains("/BenchShapes/") }
        var random = SeededGenerator(state: 0x5E1EC7)
        var variants: [Sample] = []
        for round in 0..<1500 {
            var sample = bases[Int.random(in: 0..<bases.count, using: &random)]
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                FieldSlotDecoderTests.mutations.randomElement(using: &random)!(&sample.bytes, &random)
            }
            sample.path += " (variant \(round))"
            variants.append(sample)
        }
        assertSelectionAgrees(variants, "mutation")
    }

    /// A slip in a field nobody named: the value is not built, the record is still read; a line
    /// the YAML parser rejects drops the record as a whole read drops it.
    func testASkippedFieldIsStillCheckedForSyntax() {
        let incident = Self.procedures.procedure(kind: "incident")!
        let base = "---\nid: INC-2026-0003\nstatus: closed\ntitle: 打印机卡纸\npriority: P3\n"
        let selection = FieldSelection(procedure: incident, keys: Self.named)
        let reader = RecordReader(procedures: Self.procedures)
        func read(_ line: String) -> Record? {
            var sink = DiagnosticSink(path: "x.md", severities: incident.severities)
            return reader.read(path: "x.md", bytes: Array((base + line + "---\n").utf8), procedure: incident, sink: &sink, selection: selection)
        }
        // Passing: a value the procedure refuses, in a field left out, costs nothing and drops nothing.
        let slip = read("impact: enormous\n")
        XCTAssertEqual(slip?.canonical("priority"), "P3")
        XCTAssertEqual(slip?.canonical("title"), "打印机卡纸")
        XCTAssertNil(read("contact: \"0571-88000001\"\n")?.value("contact"))
        // Failing: an unclosed quote is a syntax error whether the field is read or not.
        XCTAssertNil(read("contact: \"0571-88000001\n"))
        XCTAssertNil(read("title: \"打印机卡纸\n"))
    }

    func testFieldsThatCanHoldAReferenceAreAlwaysKept() {
        let incident = Self.procedures.procedure(kind: "incident")!
        let selection = FieldSelection(procedure: incident, keys: [])
        let items = incident.fields.firstIndex { $0.key == "configuration_items" }!
        let contact = incident.fields.firstIndex { $0.key == "contact" }!
        XCTAssertTrue(selection.contains(items))
        XCTAssertFalse(selection.contains(contact))
        XCTAssertTrue(FieldSelection.holdsReferences(incident.fields[items].type))
        XCTAssertFalse(FieldSelection.holdsReferences(incident.fields[contact].type))
    }
}
