/**
 * Checks that a value handed in as a trace really has the shape of `DiagramTrace` before it is drawn,
 * so a JavaScript caller passing something else gets MW8503 findings with the field path instead of
 * a TypeError from deep inside the renderer.
 */
import type { Diagnostic } from "../diagnostics/diagnostic";
import { DIAGRAM_CODES, diagramDiagnostic } from "./codes";

/** More findings than this add nothing: the input is simply not a trace. */
const MAX_FINDINGS = 10;

type Record_ = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}

class TraceChecker {
  readonly findings: Diagnostic[] = [];

  private fail(path: string, expected: string, value: unknown): void {
    if (this.findings.length >= MAX_FINDINGS) return;
    this.findings.push(
      diagramDiagnostic(DIAGRAM_CODES.traceMalformed, {
        message: `trace field ${path} must be ${expected}, found ${describe(value)}`,
        path,
        expected,
        found: describe(value),
      }),
    );
  }

  object(value: unknown, path: string): Record_ | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record_;
    this.fail(path, "an object", value);
    return undefined;
  }

  string(owner: Record_, key: string, path: string, optional = false): void {
    const value = owner[key];
    if (typeof value === "string" || (optional && value === undefined)) return;
    this.fail(`${path}.${key}`, optional ? "a string when present" : "a string", value);
  }

  strings(owner: Record_, key: string, path: string): void {
    const value = owner[key];
    if (value === undefined) return;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
      this.fail(`${path}.${key}`, "an array of strings when present", value);
    }
  }

  end(value: unknown, path: string, withAddress: boolean): void {
    const end = this.object(value, path);
    if (!end) return;
    this.string(end, "role", path);
    this.string(end, "id", path);
    this.string(end, "cluster", path, true);
    if (withAddress) this.string(end, "address", path);
  }

  hop(value: unknown, path: string): void {
    const hop = this.object(value, path);
    if (!hop) return;
    if (!Number.isInteger(hop.index)) this.fail(`${path}.index`, "an integer", hop.index);
    this.end(hop.from, `${path}.from`, false);
    this.end(hop.to, `${path}.to`, true);
    this.string(hop, "protocol", path);
    this.string(hop, "sni", path, true);
    this.strings(hop, "authority", path);
    if (hop.failed !== undefined && typeof hop.failed !== "boolean") {
      this.fail(`${path}.failed`, "a boolean when present", hop.failed);
    }
  }

  outcome(value: unknown, path: string): void {
    const outcome = this.object(value, path);
    if (!outcome) return;
    if (outcome.ok === true) return;
    if (outcome.ok !== false) {
      this.fail(`${path}.ok`, "a boolean", outcome.ok);
      return;
    }
    for (const key of ["code", "name", "symptom"]) this.string(outcome, key, path);
    if (outcome.hop !== undefined && !Number.isInteger(outcome.hop)) {
      this.fail(`${path}.hop`, "an integer when present", outcome.hop);
    }
  }

  trace(value: unknown): void {
    const trace = this.object(value, "$");
    if (!trace) return;
    const request = this.object(trace.request, "$.request");
    if (request) {
      this.string(request, "method", "$.request");
      this.string(request, "to", "$.request");
    }
    const source = this.object(trace.source, "$.source");
    if (source) {
      this.string(source, "workload", "$.source");
      this.string(source, "cluster", "$.source");
    }
    this.outcome(trace.outcome, "$.outcome");
    if (!Array.isArray(trace.hops)) this.fail("$.hops", "an array", trace.hops);
    else {
      trace.hops.forEach((hop, index) => {
        this.hop(hop, `$.hops[${index}]`);
      });
    }
    this.strings(trace, "faults", "$");
  }
}

/** MW8503 findings for every field of `trace` that does not fit `DiagramTrace` (at most ten); empty when it fits. */
export function checkTraceShape(trace: unknown): Diagnostic[] {
  const checker = new TraceChecker();
  checker.trace(trace);
  return checker.findings;
}
