// Pictures of a flow graph: Mermaid (renders in pull-request comments) and Graphviz DOT.
// Undeclared allowed flows are drawn red and thick; declared flows that policies block are drawn dashed.
import { edgeLabel, type FlowGraph, type FlowNode } from "./flow-graph.ts";

const UNDECLARED_COLOUR = "#d62728";
const BLOCKED_COLOUR = "#7f7f7f";

function mermaidId(id: string): string {
  return `n_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function mermaidText(text: string): string {
  return text.replace(/"/g, "#quot;");
}

function mermaidNode(node: Pick<FlowNode, "id" | "kind">): string {
  const id = mermaidId(node.id);
  const label = `"${mermaidText(node.id)}"`;
  if (node.kind === "external" || node.kind === "monitoring") return `${id}([${label}])`;
  if (node.kind === "dns") return `${id}[(${label})]`;
  return `${id}[${label}]`;
}

function blockedLabel(port: string | number | undefined, protocol: string | undefined): string {
  const p = port === undefined || port === "*" ? "any port" : `${port}${protocol ? `/${protocol}` : ""}`;
  return `blocked: ${p}`;
}

/** The ids a graph draws: its nodes plus the ends of blocked declared flows. */
function allNodes(graph: FlowGraph): Array<Pick<FlowNode, "id" | "kind">> {
  const nodes: Array<Pick<FlowNode, "id" | "kind">> = [...graph.nodes];
  for (const b of graph.declaredButBlocked) {
    for (const id of [b.flow.from, b.flow.to]) if (!nodes.some((n) => n.id === id)) nodes.push({ id, kind: "app" });
  }
  return nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

interface DrawnEdge {
  from: string;
  to: string;
  declared: boolean;
  /** Port labels of every flow between the two nodes with this declared status. */
  ports: string[];
}

/** One arrow per (from, to, declared): DNS alone would otherwise draw two arrows per app. */
function drawnEdges(graph: FlowGraph): DrawnEdge[] {
  const key = (e: FlowGraph["edges"][number]) => `${e.from}\u0000${e.to}\u0000${String(e.port).padStart(6, "0")}\u0000${e.protocol}`;
  const sorted = [...graph.edges].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const out = new Map<string, DrawnEdge>();
  for (const e of sorted) {
    const k = `${e.from}\u0000${e.to}\u0000${e.declared}`;
    const drawn = out.get(k) ?? { from: e.from, to: e.to, declared: e.declared, ports: [] };
    drawn.ports.push(edgeLabel(e));
    out.set(k, drawn);
  }
  return [...out.values()];
}

function drawnLabel(edge: DrawnEdge): string {
  return `${edge.declared ? "" : "undeclared: "}${edge.ports.join(", ")}`;
}

export function toMermaid(graph: FlowGraph): string {
  const lines = ["flowchart LR", `  %% allowed flows of namespace ${graph.namespace}`];
  for (const node of allNodes(graph)) lines.push(`  ${mermaidNode(node)}`);
  const styles: string[] = [];
  let index = 0;
  for (const edge of drawnEdges(graph)) {
    lines.push(`  ${mermaidId(edge.from)} -->|"${mermaidText(drawnLabel(edge))}"| ${mermaidId(edge.to)}`);
    if (!edge.declared) styles.push(`  linkStyle ${index} stroke:${UNDECLARED_COLOUR},stroke-width:3px,color:${UNDECLARED_COLOUR}`);
    index++;
  }
  for (const b of graph.declaredButBlocked) {
    lines.push(`  ${mermaidId(b.flow.from)} -.->|"${mermaidText(blockedLabel(b.flow.port, b.flow.protocol))}"| ${mermaidId(b.flow.to)}`);
    styles.push(`  linkStyle ${index} stroke:${BLOCKED_COLOUR},stroke-dasharray:5 5`);
    index++;
  }
  return [...lines, ...styles].join("\n") + "\n";
}

function dotText(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function dotShape(kind: FlowNode["kind"]): string {
  if (kind === "dns") return "cylinder";
  if (kind === "external" || kind === "monitoring") return "ellipse";
  return "box";
}

export function toDot(graph: FlowGraph): string {
  const lines = [`digraph ${dotText(graph.namespace)} {`, "  rankdir=LR;", '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica"];'];
  for (const node of allNodes(graph)) lines.push(`  ${dotText(node.id)} [shape=${dotShape(node.kind)}];`);
  for (const edge of drawnEdges(graph)) {
    const attrs = edge.declared
      ? [`label=${dotText(drawnLabel(edge))}`]
      : [`label=${dotText(drawnLabel(edge))}`, `color="${UNDECLARED_COLOUR}"`, `fontcolor="${UNDECLARED_COLOUR}"`, "style=bold", "penwidth=2"];
    lines.push(`  ${dotText(edge.from)} -> ${dotText(edge.to)} [${attrs.join(", ")}];`);
  }
  for (const b of graph.declaredButBlocked) {
    lines.push(
      `  ${dotText(b.flow.from)} -> ${dotText(b.flow.to)} [label=${dotText(blockedLabel(b.flow.port, b.flow.protocol))}, style=dashed, color="${BLOCKED_COLOUR}"];`,
    );
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

export type GraphFormat = "mermaid" | "dot";
export const GRAPH_FORMATS: readonly GraphFormat[] = ["mermaid", "dot"];

export function renderGraph(graph: FlowGraph, format: GraphFormat): string {
  return format === "dot" ? toDot(graph) : toMermaid(graph);
}
