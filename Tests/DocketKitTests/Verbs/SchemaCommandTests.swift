import Foundation
import XCTest
@testable import DocketKit

final class SchemaCommandTests: XCTestCase {
    /// The schema stays in step with the procedure: every field, in order; required = always-required.
    func testSchemaFollowsEveryProcedure() throws {
        let procedures = try ProcedureSet.load(root: SampleRepository.root)
        XCTAssertFalse(procedures.procedures.isEmpty)
        for procedure in procedures.procedures {
            let run = SampleRepository.run(["schema", procedure.kind])
            XCTAssertEqual(run.code, 0, run.errors)
            XCTAssertEqual(run.output, SampleRepository.run(["schema", procedure.kind]).output, "deterministic")
            let schema = try XCTUnwrap(SampleRepository.json(run.output) as? [String: Any])
            XCTAssertEqual(schema["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
            XCTAssertEqual(schema["$id"] as? String, "urn:docket:schema:\(procedure.kind)")
            XCTAssertEqual(schema["title"] as? String, "\(procedure.zh) \(procedure.en)")
            XCTAssertEqual(schema["type"] as? String, "object")
            XCTAssertEqual(schema["additionalProperties"] as? Bool, false)
            let properties = try XCTUnwrap(schema["properties"] as? [String: Any])
            XCTAssertEqual(Set(properties.keys), Set(procedure.fields.map(\.key)), procedure.kind)
            // Properties come in procedure order in the text.
            let positions = procedure.fields.map { run.output.range(of: "\n    \"\($0.key)\": {")!.lowerBound }
            XCTAssertEqual(positions, positions.sorted(), procedure.kind)
            let always = procedure.fields.filter { if case .always = $0.required { return true }; return false }.map(\.key)
            XCTAssertEqual(schema["required"] as? [String], always, procedure.kind)
            for spec in procedure.fields {
                let property = try XCTUnwrap(properties[spec.key] as? [String: Any])
                XCTAssertEqual(property["description"] as? String, spec.zh)
                if case .enumeration(let set) = spec.type {
                    let accepted = Set((property["enum"] as? [Any] ?? []).compactMap { $0 as? String })
                    for value in set.values {
                        for name in [value.id, value.zh, value.en] + value.aliases {
                            XCTAssertTrue(accepted.contains(name), "\(procedure.kind).\(spec.key) lacks \(name)")
                        }
                    }
                }
                if case .state = spec.type {
                    let accepted = (property["enum"] as? [Any] ?? []).compactMap { $0 as? String }
                    XCTAssertTrue(procedure.states.allSatisfy { accepted.contains($0.id) && accepted.contains($0.zh) })
                }
            }
        }
    }

    func testTypeMappings() throws {
        let run = SampleRepository.run(["schema", "incident"])
        let schema = try XCTUnwrap(SampleRepository.json(run.output) as? [String: Any])
        let properties = try XCTUnwrap(schema["properties"] as? [String: [String: Any]])
        XCTAssertEqual(properties["id"]?["pattern"] as? String, "^INC-[0-9]{4}-[0-9]{4,}$")
        XCTAssertEqual(properties["reported_at"]?["pattern"] as? String, SchemaGenerator.datetimePattern)
        XCTAssertEqual(properties["satisfaction"]?["minimum"] as? Int, 1)
        XCTAssertEqual(properties["satisfaction"]?["maximum"] as? Int, 5)
        XCTAssertEqual(properties["major"]?["type"] as? [String], ["boolean", "null"])
        XCTAssertTrue((properties["channel"]?["enum"] as? [Any])?.contains { $0 as? String == "cocall" } ?? false)
        XCTAssertTrue((properties["closed_by"]?["enum"] as? [Any])?.contains { $0 as? String == "zhangsan" } ?? false)
        let problems = try XCTUnwrap(properties["problems"]?["anyOf"] as? [[String: Any]])
        XCTAssertEqual(problems.first?["pattern"] as? String, "^PRB-[0-9]{4}-[0-9]{4,}$")
        XCTAssertEqual(problems.dropFirst().first?["type"] as? String, "array")
        let escalations = try XCTUnwrap(properties["escalations"]?["items"] as? [String: Any])
        XCTAssertEqual(escalations["type"] as? String, "object")
        XCTAssertEqual(escalations["additionalProperties"] as? Bool, false)
        XCTAssertEqual(SchemaGenerator.regex(IDPattern("CI-{code}")!), "^CI-[A-Z0-9]([A-Z0-9-]*[A-Z0-9])?$")
        XCTAssertEqual(SampleRepository.run(["schema", "事件"]).output, run.output)
    }

    func testUnknownKindSuggests() {
        let run = SampleRepository.run(["schema", "incidnet"])
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.errors.contains("found \"incidnet\"; did you mean \"incident\"?"), run.errors)
    }

    /// Every bundled record's front matter (as `docket yaml` prints it) validates against its kind's
    /// schema with Python's jsonschema (Draft202012Validator); a wrong enum value and a missing
    /// always-required field are rejected. Skipped when python3 with jsonschema is not installed.
    func testPythonJSONSchemaAcceptsTheSamples() throws {
        guard Self.python(["-c", "import jsonschema"]).code == 0 else {
            throw XCTSkip("python3 with jsonschema is not available")
        }
        let root = SampleRepository.root
        let procedures = try ProcedureSet.load(root: root)
        let work = URL(fileURLWithPath: try TestRepository.emptyFolder("schema"))
        defer { try? FileManager.default.removeItem(at: work) }
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        for procedure in procedures.procedures {
            let folder = work.appendingPathComponent(procedure.kind)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let schema = SampleRepository.run(["schema", procedure.kind])
            XCTAssertEqual(schema.code, 0)
            try schema.output.write(to: work.appendingPathComponent(procedure.kind + ".schema.json"), atomically: true, encoding: .utf8)
            for file in index.files where file.kind == procedure.kind {
                let yaml = SampleRepository.run(["yaml", file.path])
                XCTAssertEqual(yaml.code, 0, yaml.errors)
                try yaml.output.write(to: folder.appendingPathComponent(file.stem + ".json"), atomically: true, encoding: .utf8)
            }
        }
        let script = """
        import json, os, sys
        from jsonschema import Draft202012Validator
        work = sys.argv[1]
        failures = 0
        for kind in sorted(d for d in os.listdir(work) if os.path.isdir(os.path.join(work, d))):
            schema = json.load(open(os.path.join(work, kind + ".schema.json"), encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            names = sorted(os.listdir(os.path.join(work, kind)))
            if not names:
                print("no records of", kind); failures += 1; continue
            for name in names:
                doc = json.load(open(os.path.join(work, kind, name), encoding="utf-8"))
                for error in validator.iter_errors(doc):
                    print("rejected", kind, name, list(error.path), error.message); failures += 1
            sample = json.load(open(os.path.join(work, kind, names[0]), encoding="utf-8"))
            enum_key = next(k for k, p in schema["properties"].items() if "enum" in p and k in sample)
            wrong = dict(sample); wrong[enum_key] = "no-such-value"
            if validator.is_valid(wrong):
                print("accepted a wrong", kind, enum_key); failures += 1
            required = schema["required"][-1]
            missing = dict(sample); missing.pop(required)
            if validator.is_valid(missing):
                print("accepted", kind, "without", required); failures += 1
            print("checked", kind, len(names))
        sys.exit(1 if failures else 0)
        """
        let run = Self.python(["-c", script, work.path])
        XCTAssertEqual(run.code, 0, run.output)
        XCTAssertEqual(run.output.components(separatedBy: "\n").filter { $0.hasPrefix("checked ") }.count, procedures.procedures.count, run.output)
    }

    static func python(_ arguments: [String]) -> (code: Int32, output: String) {
        let run = ProcessRunner.run(["python3"] + arguments, seconds: 300)
        return (run.status, run.output)
    }
}
