#!/usr/bin/env python3
"""Writes tests/fuzz/dict, the libFuzzer dictionary of fuzz_scenario and fuzz_sweep: every key
name of the scenario schema and every choice value (read from the `edusim schema` table in
docs/scenario-reference.md), the sweep file's keys and YAML syntax. Run from the repository
root after the schema changes: python3 tests/fuzz/make_dict.py"""
import re

SWEEP = ["base", "base_scenario", "design", "grid", "latin_hypercube", "sobol", "samples",
         "replicates", "seed", "per_school", "axes", "values", "min", "max", "steps",
         "distribution", "uniform", "log_uniform", "normal", "mean", "sd"]
YAML = [("doc_start", "---"), ("doc_end", "..."), ("flow_map", "{"), ("flow_map_end", "}"),
        ("flow_seq", "["), ("flow_seq_end", "]"), ("item", "- "), ("anchor", "&a "),
        ("alias", "*a"), ("merge", "<<: "), ("tag_str", "!!str "), ("tag_int", "!!int "),
        ("tag_float", "!!float "), ("tag_map", "!!map "), ("literal", "|"), ("folded", ">"),
        ("nan", ".nan"), ("inf", ".inf"), ("neg_inf", "-.inf"), ("null", "null"), ("tilde", "~"),
        ("true", "true"), ("false", "false"), ("yes", "yes"), ("big", "99999999999999999999"),
        ("neg", "-1"), ("exp", "1e308"), ("hex", "0x1F"), ("comment", "# "), ("key_sep", ": "),
        ("comma", ", "), ("newline", "\\x0a  "), ("quote", '\\"'), ("squote", "'")]


def main():
    keys, choices = set(), set()
    for line in open("docs/scenario-reference.md", encoding="utf-8"):
        m = re.match(r"\| `([^`]+)` \| (\w+) \|[^|]*\|([^|]*)\|", line)
        if not m:
            continue
        path, kind, allowed = m.groups()
        keys.update(p for p in re.split(r"[.\[\]]+", path) if p)
        if kind == "choice":
            choices.update(c.strip() for c in allowed.split(",")
                           if re.fullmatch(r"[a-z_0-9]+", c.strip()))
    out = ["# libFuzzer dictionary for fuzz_scenario and fuzz_sweep: every key name of the scenario",
           "# schema (from docs/scenario-reference.md, i.e. `edusim schema`), the choice values,",
           "# the sweep file's keys and YAML syntax. Written by tests/fuzz/make_dict.py.", ""]
    out += [f'key_{k}="{k}:"' for k in sorted(keys)]
    out += [f'choice_{c}="{c}"' for c in sorted(choices)]
    out += [f'sweep_{k}="{k}"' for k in SWEEP]
    out += [f'yaml_{name}="{text}"' for name, text in YAML]
    with open("tests/fuzz/dict", "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
