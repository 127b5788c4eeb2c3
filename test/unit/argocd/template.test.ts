// The Go text/template subset of Argo CD's goTemplate: output as Go prints it, and clear errors for the rest.
import { describe, expect, it } from "vitest";
import { missingKeyOption, renderGoTemplate, TemplateError } from "../../../scripts/lib/argocd/template.ts";
import { sprintf } from "../../../scripts/lib/argocd/template-funcs.ts";
import { formatNumber, formatValue } from "../../../scripts/lib/argocd/template-values.ts";

const data = {
  path: { path: "games/wizards-quest", basename: "wizards-quest", segments: ["games", "wizards-quest"] },
  name: "wizards-quest",
  regions: ["us-east", "eu-west"],
  budget: { monthlyUSD: 500 },
  big: 1000000,
  services: { chat: { enabled: true }, auth: { enabled: false } },
  empty: "",
};
const render = (text: string, missing: "error" | "default" | "zero" = "error") => renderGoTemplate(text, data, missing);

describe("Go template rendering", () => {
  it("renders fields, nested fields and text around them", () => {
    expect(render("project-{{.path.basename}}")).toBe("project-wizards-quest");
    expect(render("{{ .path.path }}/production")).toBe("games/wizards-quest/production");
    expect(render("no actions")).toBe("no actions");
  });

  it("prints numbers, lists and maps the way Go's fmt does", () => {
    expect(render("{{.budget.monthlyUSD}} {{.big}}")).toBe("500 1e+06");
    expect(render("{{.regions}}")).toBe("[us-east eu-west]");
    expect(render("{{.services.chat}}")).toBe("map[enabled:true]");
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(123456)).toBe("123456");
    expect(formatNumber(0.00001)).toBe("1e-05");
    expect(formatValue(null)).toBe("<no value>");
  });

  it("supports index, len, pipelines and Sprig string functions", () => {
    expect(render("{{index .path.segments 1}}")).toBe("wizards-quest");
    expect(render('{{ index .services "chat" "enabled" }}')).toBe("true");
    expect(render("{{ len .regions }}")).toBe("2");
    expect(render("{{ .name | upper | quote }}")).toBe('"WIZARDS-QUEST"');
    expect(render('{{ .name | replace "-" "_" | trunc 7 }}')).toBe("wizards");
    expect(render('{{ .empty | default "fallback" }}')).toBe("fallback");
    expect(render('{{ join "," .regions }}')).toBe("us-east,eu-west");
    expect(render("{{ (index .path.segments 0) | squote }}")).toBe("'games'");
  });

  it("ranges over lists with and without variables, and applies printf", () => {
    expect(render('{{ range .regions }}{{ printf "- region: %s\\n" . }}{{ end }}')).toBe("- region: us-east\n- region: eu-west\n");
    expect(render("{{ range $i, $r := .regions }}{{ $i }}={{ $r }};{{ end }}")).toBe("0=us-east;1=eu-west;");
    expect(render("{{ range $k, $v := .services }}{{ $k }}{{ end }}")).toBe("authchat");
    expect(render("{{ range .missingList }}x{{ else }}none{{ end }}", "default")).toBe("none");
  });

  it("evaluates if / else if / else, with, variables and whitespace trimming", () => {
    expect(render('{{ if eq .name "other" }}a{{ else if .services.chat.enabled }}b{{ else }}c{{ end }}')).toBe("b");
    expect(render("{{ if not .services.auth.enabled }}off{{ end }}")).toBe("off");
    expect(render("{{ with .budget }}{{ .monthlyUSD }}{{ end }}")).toBe("500");
    expect(render("{{ $n := .name }}{{ $n }}")).toBe("wizards-quest");
    expect(render("a  {{- .name -}}  b")).toBe("awizards-questb");
    expect(render("{{/* a comment */}}x")).toBe("x");
    expect(render("{{ $.name }}")).toBe("wizards-quest");
  });

  it("follows missingkey: error fails, default prints <no value>", () => {
    expect(() => render("{{ .nope }}")).toThrow(/map has no entry for key "nope"/);
    expect(render("{{ .nope }}", "default")).toBe("<no value>");
    expect(() => render("{{ .nope.deeper }}", "default")).toThrow(/nil pointer evaluating interface \{\}\.deeper/);
    expect(render("{{ .nope }}", "zero")).toBe("<no value>");
    expect(missingKeyOption(["missingkey=error"])).toBe("error");
    expect(missingKeyOption(undefined)).toBe("default");
  });

  it("refuses what it cannot evaluate with a clear TemplateError", () => {
    expect(() => render("{{ toJsonPretty .name }}")).toThrow(/function "toJsonPretty" not defined/);
    expect(() => render('{{ template "x" }}')).toThrow(/\{\{template\}\} is not supported/);
    expect(() => render("{{ .name ")).toThrow(/unclosed action/);
    expect(() => render("{{ if .name }}x")).toThrow(/without \{\{end\}\}/);
    expect(() => render("{{ end }}")).toThrow(TemplateError);
    expect(() => render("{{ .name.first }}")).toThrow(/can't evaluate field first in type string/);
    expect(() => render("{{ .name 1 }}")).toThrow(/can't give argument to non-function/);
    expect(() => render("{{ index .regions 5 }}")).toThrow(/index out of range/);
    expect(() => render("{{ $x }}")).toThrow(/undefined variable: \$x/);
    expect(() => render('{{ "unterminated }}')).toThrow(/unterminated quoted string/);
  });

  it.each([
    ["{{/* never closed }}", /unclosed comment/],
    ["{{ `raw }}", /unterminated raw string/],
    ["{{ .name ; }}", /unexpected ";" in action/],
    ["{{ printf.x }}", /field access on "printf" is not supported/],
    ["{{ | upper }}", /missing command before \|/],
    ["{{ .name | }}", /missing value in action/],
    ["{{ if .name }}a{{ else }}b", /\{\{else\}\} without \{\{end\}\}/],
    ["a{{ else }}", /unexpected \{\{else\}\}/],
    ["{{ (.name }}", /unexpected \}\}/],
    ["{{ with $a, $b := .name }}x{{ end }}", /too many declarations in with/],
    ['{{ "bad \\q" }}', /malformed string/],
    ["{{ range .name }}x{{ end }}", /range can't iterate over wizards-quest/],
    ["{{ lt .name 3 }}", /incompatible types for comparison/],
    ["{{ len 3 }}", /len of type float64/],
    ["{{ upper }}", /wrong number of args for upper: want 1 got 0/],
    ["{{ if .name }}x{{ end .name }}", /expected \}\} after end/],
    ["{{ range .regions }}x{{ else .name }}y{{ end }}", /expected \}\} after else/],
    ["{{ $y = 1 }}", /undefined variable: \$y/],
    ['{{ index .regions "a" }}', /cannot index slice\/array with type string/],
    ["{{ index .name 0 }}", /can't index item of type string/],
  ])("refuses %j", (text, message) => {
    expect(() => render(text)).toThrow(message);
  });

  it("reads literals: raw strings, numbers, booleans and nil", () => {
    expect(render('{{ `a\\n` }}|{{ 1.5 }}|{{ -2 }}|{{ true }}|{{ printf "%v" nil }}|{{ if false }}x{{ else }}y{{ end }}')).toBe("a\\n|1.5|-2|true|<nil>|y");
    expect(render("{{ (index .path.segments 1) }}/{{ (.path).basename }}")).toBe("wizards-quest/wizards-quest");
    expect(render("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}")).toBe("2");
    expect(render('{{ if and .name (not .empty) }}both{{ end }}{{ or .empty "alt" }}')).toBe("bothalt");
  });

  it("formats printf verbs like Go, including its error markers", () => {
    expect(sprintf("%s-%d-%v-%q", ["a", 3, true, "b"])).toBe('a-3-true-"b"');
    expect(sprintf("%5s|%-4s|%03d", ["ab", "c", 7])).toBe("   ab|c   |007");
    expect(sprintf("%d", [1.5])).toBe("%!d(float64=1.5)");
    expect(sprintf("%s %s", ["a"])).toBe("a %!s(MISSING)");
    expect(sprintf("%s", ["a", "b"])).toBe("a%!(EXTRA string=b)");
    expect(sprintf("100%%", [])).toBe("100%");
    expect(sprintf("%v %s", [null, null])).toBe("<nil> %!s(<nil>)");
  });
});
