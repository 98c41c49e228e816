import HandbookCore
import Testing

@Suite struct TemplateTests {
    static let content: [String: String] = [
        "content/handbook.yml": "title: T\n",
        "content/decisions/0001-a.md": "# A\n",
    ]

    @Test func userTemplatesOverrideFileByFile() {
        var files = Self.content
        files["theme/decision.mustache"] = "{{> partials/head}}<p class=custom>{{decision.id}}</p>{{> partials/foot}}"
        let build = TestBuild.run(files, templates: "theme")
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.page("decisions/ADR-0001.html").contains("<p class=custom>ADR-0001</p>"))
        #expect(build.page("decisions/index.html").contains("<table class=\"decisions\">"), "other templates stay the default")
    }

    @Test func templatesBesideTheContentFolderAreUsedByDefault() {
        var files = Self.content
        files["templates/404.mustache"] = "gone"
        let build = TestBuild.run(files)
        #expect(build.page("404.html") == "gone")
    }

    @Test func unknownVariablesAndPartialsAreErrorsAtTheirLine() {
        var files = Self.content
        files["theme/decision.mustache"] = "{{> partials/head}}\n{{#decision}}\n<h1>{{titel}}</h1>\n{{site.nme}}\n{{/decision}}\n{{> partials/missing}}\n{{> partials/foot}}"
        let build = TestBuild.run(files, templates: "theme")
        #expect(build.messages == [
            "theme/decision.mustache:3:5: error: unknown variable 'titel' in template 'decision'; did you mean 'title'? [template-variable]",
            "theme/decision.mustache:4:1: error: 'site.nme' has no field 'nme' in template 'decision' [template-variable]",
            "theme/decision.mustache:6:1: error: unknown partial 'partials/missing' [template-partial]",
        ])
        #expect(build.output.files.isEmpty)
    }

    @Test func namesInsideEmptyListsAreStillChecked() {
        // No decision here supersedes another, but a typo inside that section is still caught.
        var files = Self.content
        files["theme/decision.mustache"] = "{{#decision}}{{#supersedes}}{{idd}}{{/supersedes}}{{/decision}}"
        let build = TestBuild.run(files, templates: "theme")
        #expect(build.ids == ["template-variable"], "\(build.messages)")
    }

    @Test func syntaxErrorsPointAtTheTemplate() {
        var files = Self.content
        files["theme/page.mustache"] = "line one\n{{#open}}\nnever closed\n"
        let build = TestBuild.run(files, templates: "theme")
        #expect(build.errors.first?.file == "theme/page.mustache")
        #expect(build.errors.first?.id == "template-syntax")
    }

    @Test func aPartialThatIncludesItselfWithoutEndIsARenderErrorNotACrash() {
        var files = Self.content
        files["theme/404.mustache"] = "{{> partials/loop}}"
        files["theme/partials/loop.mustache"] = "x{{> partials/loop}}"
        let build = TestBuild.run(files, templates: "theme")
        #expect(build.messages == [
            "theme/404.mustache: error: cannot render 404.html: partials nested deeper than 200 levels at 'partials/loop' (a partial that includes itself without end?) [template-render]",
        ])
        #expect(build.output.files.isEmpty)
    }

    @Test func extraFrontMatterReachesTemplates() {
        var files = Self.content
        files["content/decisions/0001-a.md"] = "---\nteam: payments\n---\n# A\n"
        files["theme/decision.mustache"] = "{{#decision}}team={{meta.team}}{{/decision}}"
        let build = TestBuild.run(files, templates: "theme")
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.page("decisions/ADR-0001.html") == "team=payments")
    }
}
