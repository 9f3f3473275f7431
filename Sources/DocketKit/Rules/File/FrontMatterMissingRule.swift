/// `front-matter-missing`: a record must start with YAML front matter between `---` lines.
/// Raised by `RecordReader` (Records/RecordReader.swift).
struct FrontMatterMissingRule: Rule {
    static let description = RuleDescription(
        id: .frontMatterMissing, severity: .error, group: "file",
        summary: "a record file must start with front matter between --- lines",
        description: """
        Every record starts with a line `---`, its YAML front matter, and a closing line `---` before \
        the Markdown body. A file without the opening line, an empty file, or front matter that is \
        never closed cannot be read as a record. Add the missing `---` line.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing(Fixture.incidentPath, "⚑# 打印机无法打印\n\n没有 front matter 的文件\n"),
            .failing(Fixture.incidentPath, "⚑---\nid: INC-2026-9001\ntitle: 未关闭\n"),
            .failing(Fixture.incidentPath, "⚑"),
        ])
}
