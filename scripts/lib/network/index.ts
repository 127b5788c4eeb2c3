// The network model: allowed-flow graphs computed from NetworkPolicies, and their pictures.
export {
  declaredFlows,
  edgeLabel,
  flowCovers,
  flowGraph,
  type BlockedFlow,
  type DeclaredFlow,
  type FlowEdge,
  type FlowGraph,
  type FlowNode,
} from "./flow-graph.ts";
export { GRAPH_FORMATS, renderGraph, toDot, toMermaid, type GraphFormat } from "./render.ts";
