/// `role-required`: a person field whose procedure requires a role. Raised by `FieldDecoder` (Records/FieldDecoder.swift).
struct RoleRequiredRule: Rule {
    static let description = RuleDescription(
        id: .roleRequired, severity: .error, group: "fields",
        summary: "a person field must name a person holding the role the procedure requires",
        description: """
        A procedure can require that a person field names someone with a role: only the service desk \
        closes incidents (`closed_by` holds `service-desk`, 由服务台完成关闭). The message names the \
        role required and the roles the person holds.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("closed_by: zhangsan", "⚑closed_by: zhaoliu"))),
        ])
}
