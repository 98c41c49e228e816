#!/usr/bin/env python3
"""Writes a large OpenAPI 3.1 document (YAML, >1 MB, hundreds of operations) and a modified copy.

usage: scripts/gen-openapi.py OUT_DIR [--operations N] [--schemas N]
Writes OUT_DIR/old.yml and OUT_DIR/new.yml. The copy removes one operation, makes a parameter
required, removes a required response property and adds an optional one: a known set of breaking
changes for the benchmark to find. Deterministic: the same arguments give the same files.
"""
import argparse
import json
import os


def q(text):
    return json.dumps(text)


def pick(seed, schemas):
    return (seed * 7919 + 13) % schemas


def schema_lines(name, index, schemas, indent):
    pad = " " * indent
    lines = [f"{pad}{name}:", f"{pad}  type: object", f"{pad}  description: {q('The ' + name + ' resource. ' + 'Lorem ipsum dolor sit amet. ' * 3)}"]
    props = [f"field{k}" for k in range(12)]
    lines.append(f"{pad}  required: [{', '.join(props[:4])}]")
    lines.append(f"{pad}  properties:")
    for k, prop in enumerate(props):
        lines.append(f"{pad}    {prop}:")
        kind = (index + k) % 6
        if kind == 0:
            lines.append(f"{pad}      type: string")
            lines.append(f"{pad}      format: date-time")
        elif kind == 1:
            lines.append(f"{pad}      type: integer")
            lines.append(f"{pad}      format: int64")
        elif kind == 2:
            lines.append(f"{pad}      type: string")
            lines.append(f"{pad}      enum: [alpha, beta, gamma, delta]")
        elif kind == 3:
            lines.append(f"{pad}      $ref: '#/components/schemas/Schema{pick(index * 12 + k, schemas)}'")
            continue
        elif kind == 4:
            lines.append(f"{pad}      type: array")
            lines.append(f"{pad}      items: {{$ref: '#/components/schemas/Schema{pick(index * 12 + k + 5, schemas)}'}}")
        else:
            lines.append(f"{pad}      type: [string, 'null']")
        lines.append(f"{pad}      description: {q('Field ' + prop + ' of ' + name + '. Sed do eiusmod tempor incididunt.')}")
    return lines


def document(operations, schemas, modified):
    lines = ["openapi: 3.1.0", "info:", "  title: Large API", "  version: '1.0.0'", "tags:"]
    tags = [f"area{k}" for k in range(20)]
    lines += [f"  - name: {tag}" for tag in tags]
    lines.append("paths:")
    for op in range(operations // 2):
        if modified and op == 3:
            continue  # operation-removed (both methods of the path)
        lines.append(f"  /things{op}/{{id}}:")
        for method in ("get", "put"):
            target = pick(op * 2 + (method == 'put'), schemas)
            lines += [f"    {method}:", f"      tags: [{tags[op % len(tags)]}]",
                      f"      operationId: {method}Thing{op}", f"      summary: {q(method.upper() + ' thing ' + str(op))}",
                      "      parameters:",
                      "        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}",
                      f"        - {{name: limit, in: query, required: {'true' if modified and op == 5 else 'false'}, schema: {{type: integer}}}}"]
            if method == "put":
                lines += ["      requestBody:", "        required: true", "        content:", "          application/json:",
                          f"            schema: {{$ref: '#/components/schemas/Schema{target}'}}"]
            lines += ["      responses:", "        '200':", "          description: OK", "          content:", "            application/json:",
                      f"              schema: {{$ref: '#/components/schemas/Schema{target}'}}",
                      "        '404': {description: Not found}"]
    lines += ["components:", "  schemas:"]
    for index in range(schemas):
        block = schema_lines(f"Schema{index}", index, schemas, 4)
        if modified and index == 10:
            block = [line for line in block if "required:" not in line]  # required properties become optional
            block += ["        extra:", "          type: string"]
        lines += block
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--operations", type=int, default=600)
    parser.add_argument("--schemas", type=int, default=400)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, modified in (("old.yml", False), ("new.yml", True)):
        path = os.path.join(args.out, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(document(args.operations, args.schemas, modified))
        print(f"{path}: {os.path.getsize(path) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
