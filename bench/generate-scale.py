#!/usr/bin/env python3
"""Builds a repository of exactly FILES files from the real-world corpora, for the scale series.

usage: bench/generate-scale.py OUT_DIR FILES

OUT_DIR must not exist or be empty. The repository is laid out like a real one: leaf folders
team-NN/service-NN/ENV, team-NN/service-NN/infra/ENV or team-NN/service-NN/infra/REGION/ENV
(depth 3 to 5), each holding 5 to 40 files (the last one may hold fewer). A leaf holds deployments, each one of:

- an ARM template (a corpus file of ../shared/corpus) and its <stem>.parameters.json;
- a Bicep file (../shared/corpus-bicep) with either a <stem>.bicepparam (`using './<stem>.bicep'`)
  or a <stem>.parameters.json, and for some of them the compiled template <stem>.json beside it
  (the corpus template compiled from that source where the corpus has it, otherwise another
  corpus template whose metadata._generator.name is bicep).

Parameter files are valid deploymentParameters files (or .bicepparam files) supplying a few of
the template's own parameters, those without a default value first. About a third of the
deployments keep their AKS clusters; in the others every `managedClusters` is turned into an
AKS fleet, as bench/generate does, so that no file of theirs mentions a cluster. ARM templates
come as they are, with CRLF line endings, with comments added, or both. Corpus files of 200 kB
or more are drawn a tenth as often as the others, files of 1 MB or more never; policy
definitions (templates embedded in another document) are drawn at their share of the corpus,
without a parameter file. The Bicep compiler input that is invalid on purpose is left out, so
that armfix reports no error on any file. Every file counts towards FILES; the same FILES gives the same
repository byte for byte, and a smaller repository is a prefix of a larger one.

Prints one line: files, bytes, templates and how many of them mention managedClusters.
"""
import json
import os
import random
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))
CORPUS = os.environ.get("ARMFIX_CORPUS", os.path.join(SHARED, "corpus"))
CORPUS_BICEP = os.environ.get("ARMFIX_CORPUS_BICEP", os.path.join(SHARED, "corpus-bicep"))

SEED = 20240611
LARGE_BYTES = 200_000       # drawn a tenth as often
HUGE_BYTES = 1_000_000      # never drawn
WITH_CLUSTERS = 1 / 3       # share of deployments that keep their clusters
BICEP_SHARE = 0.4           # share of deployments written in Bicep
COMPILED_SHARE = 0.4        # share of Bicep deployments with their compiled template beside
BICEPPARAM_SHARE = 0.5      # share of Bicep deployments with a .bicepparam (else .parameters.json)
LEAF_FILES = (5, 38)     # a deployment of up to 3 files may end past it
# A compiler test input that is invalid Bicep on purpose: armfix refuses it.
EXCLUDED_BICEP = {"InvalidResources_CRLF"}
# Bicep sources whose compiled template is in the corpus (name fragments of both).
TWINS = [
    ("AKS_LF__main.bicep", "AKS_LF__main.symbolicnames.json"),
    ("Extensions_CRLF__main.bicep", "Extensions_CRLF__main.symbolicnames.json"),
    ("aks-construction/bicep__main.bicep", "aks-construction/bicep__compiled__main.json"),
    ("avm/avm__res__container-service__managed-cluster__main.bicep",
     "bicep-registry-modules/avm__res__container-service__managed-cluster__main.json"),
    ("avm-history/avm__res__container-service__managed-cluster__main.bicep",
     "bicep-registry-modules/avm__res__container-service__managed-cluster__main@c3b3b34.json"),
    ("carml/modules__container-service__managed-cluster__main.bicep",
     "resourcemodules/modules__container-service__managed-cluster__main.json"),
    ("mspnp-aks-baseline/workload-team__cluster-stamp.bicep",
     "aks-baseline/workload-team__cluster-stamp.json"),
    ("quickstarts__microsoft.kubernetes__aks__main.bicep",
     "quickstarts__microsoft.kubernetes__aks__azuredeploy.json"),
    ("TA-000023__Kubernetes.bicep", "TA-000023__Kubernetes.json"),
    ("TA-000025__KubernetesVersions.bicep", "TA-000025__KubernetesVersions.json"),
]
ENVS = ["dev", "test", "staging", "prod"]
REGIONS = ["eastus", "westeurope", "northeurope", "southeastasia"]
DEPLOYMENT_PARAMETERS = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"


# --- reading the corpora --------------------------------------------------------------------

JSONC_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/|,(?=\s*[}\]])', re.DOTALL)


def strip_jsonc(text):
    """The text without comments and trailing commas, for json.loads."""
    return JSONC_TOKEN.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text)


def parse_jsonc(data):
    try:
        return json.loads(strip_jsonc(data.decode("utf-8-sig")))
    except ValueError:
        return None


def is_deployment_template(document):
    if not isinstance(document, dict):
        return False
    schema = document.get("$schema")
    if isinstance(schema, str):
        return "deploymenttemplate.json" in schema.lower()
    return "resources" in document and "contentVersion" in document


def compiled_from_bicep(document):
    generator = (document.get("metadata") or {}).get("_generator") or {}
    return isinstance(generator, dict) and generator.get("name") == "bicep"


def stem_of(path, suffix):
    """A file name a repository would use, from the corpus file's (which flattens its path)."""
    name = os.path.basename(path)[: -len(suffix)].split("__")[-1]
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower()
    return name or "main"


def corpus_files(root, suffix):
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            if name.endswith(suffix):
                found.append(os.path.join(directory, name))
    return found


class Source:
    def __init__(self, path, data, kind, document=None):
        self.path = path
        self.data = data
        self.kind = kind              # "arm", "policy" (not a template), "bicep"
        self.document = document
        self.stem = stem_of(path, ".bicep" if kind == "bicep" else ".json")
        self.weight = 1.0 if len(data) < LARGE_BYTES else 0.1
        self.twin = None              # for Bicep: its compiled template, a Source
        self.cache = {}


def load():
    arm, policies, compiled = [], [], []
    for path in corpus_files(CORPUS, ".json"):
        data = open(path, "rb").read()
        if len(data) >= HUGE_BYTES:
            continue
        document = parse_jsonc(data)
        if document is None:
            continue
        if is_deployment_template(document):
            source = Source(path, data, "arm", document)
            arm.append(source)
            if compiled_from_bicep(document):
                compiled.append(source)
        else:
            policies.append(Source(path, data, "policy"))
    bicep = []
    for path in corpus_files(CORPUS_BICEP, ".bicep"):
        if any(fragment in path for fragment in EXCLUDED_BICEP):
            continue
        data = open(path, "rb").read()
        if len(data) >= HUGE_BYTES:
            continue
        source = Source(path, data, "bicep")
        for bicep_fragment, json_fragment in TWINS:
            if path.endswith(bicep_fragment):
                source.twin = next((s for s in arm if s.path.endswith(json_fragment)), None)
        bicep.append(source)
    if not arm or not bicep or not compiled:
        sys.exit(f"bench/generate-scale.py: corpus not found or empty: {CORPUS}, {CORPUS_BICEP}")
    return arm, policies, compiled, bicep


# --- variants -------------------------------------------------------------------------------

def without_clusters(data):
    return re.sub(rb"managedclusters", b"fleets", data, flags=re.IGNORECASE)


def crlf(data):
    return re.sub(rb"(?<!\r)\n", b"\r\n", data)


def add_comments(data):
    """A block comment before the root object (after any BOM), one after "resources": [."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    data = bom + b"/* Deployed by the platform pipeline; see README. */\n" + data[len(bom):]
    return re.sub(rb'("resources"\s*:\s*\[)', rb"\1 /* deployed in order; see dependsOn */",
                  data, count=1)


def variant_text(source, clusters, variant):
    key = (clusters, variant)
    if key not in source.cache:
        data = source.data if clusters else without_clusters(source.data)
        if "comments" in variant:
            data = add_comments(data)
        if "crlf" in variant:
            data = crlf(data)
        source.cache[key] = data
    return source.cache[key]


# --- parameter files ------------------------------------------------------------------------

def arm_parameters(source, clusters):
    """(name, type, allowed values, has default) of a template's parameters."""
    key = ("parameters", clusters)
    if key not in source.cache:
        source.cache[key] = template_parameters(parse_jsonc(variant_text(source, clusters, "plain")))
    return source.cache[key]


def template_parameters(document):
    parameters = document.get("parameters") if isinstance(document, dict) else None
    if not isinstance(parameters, dict):
        return []
    found = []
    for name, definition in parameters.items():
        if not isinstance(definition, dict):
            continue
        allowed = definition.get("allowedValues")
        found.append((name, str(definition.get("type", "string")).lower(),
                      allowed if isinstance(allowed, list) else None,
                      "defaultValue" in definition))
    return found


BICEP_PARAM = re.compile(rb"^param\s+([A-Za-z_][A-Za-z0-9_]*)\s+(string|int|bool|object|array)\b(.*)$",
                         re.MULTILINE)


def bicep_parameters(source, clusters):
    key = ("parameters", clusters)
    if key in source.cache:
        return source.cache[key]
    data = variant_text(source, clusters, "plain")
    found = source.cache[key] = []
    for match in BICEP_PARAM.finditer(data):
        found.append((match.group(1).decode(), match.group(2).decode(), None,
                      b"=" in match.group(3)))
    return found


def value_for(rng, name, kind, allowed):
    if allowed:
        return allowed[0]
    lowered = name.lower()
    if kind == "int":
        return rng.choice([1, 2, 3, 5, 30])
    if kind == "bool":
        return rng.random() < 0.5
    if kind in ("object", "secureobject"):
        return {"environment": rng.choice(ENVS), "costCenter": str(rng.randrange(1000, 9999))}
    if kind == "array":
        return ["10.0.0.0/16"] if "address" in lowered or "prefix" in lowered else []
    if "location" in lowered or "region" in lowered:
        return rng.choice(REGIONS)
    if "version" in lowered:
        return rng.choice(["1.29.4", "1.30.0", "1.28.9"])
    if lowered.endswith("resourceid"):
        return ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                f"rg-{rng.choice(ENVS)}/providers/Microsoft.Network/virtualNetworks/vnet-{rng.randrange(100)}")
    if lowered.endswith("id"):
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return f"{lowered[:24]}-{rng.randrange(100, 999)}"


def chosen_parameters(rng, parameters):
    """A few parameters, those without a default value first; secure ones left out."""
    usable = [p for p in parameters if not p[1].startswith("secure")]
    required = [p for p in usable if not p[3]]
    optional = [p for p in usable if p[3]]
    rng.shuffle(optional)
    return (required + optional)[: rng.randint(1, 4)]


def parameters_json(rng, parameters):
    values = {name: {"value": value_for(rng, name, kind, allowed)}
              for name, kind, allowed, _ in chosen_parameters(rng, parameters)}
    document = {"$schema": DEPLOYMENT_PARAMETERS, "contentVersion": "1.0.0.0",
                "parameters": values}
    return (json.dumps(document, indent=2) + "\n").encode()


def bicep_literal(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + " ".join(bicep_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{\n" + "".join(f"  {k}: {bicep_literal(v)}\n" for k, v in value.items()) + "}"
    return "null"


def bicepparam(rng, stem, parameters):
    lines = [f"using './{stem}.bicep'", ""]
    for name, kind, allowed, _ in chosen_parameters(rng, parameters):
        lines.append(f"param {name} = {bicep_literal(value_for(rng, name, kind, allowed))}")
    return ("\n".join(lines) + "\n").encode()


# --- the repository -------------------------------------------------------------------------

def leaves(rng):
    """Leaf folders, service after service, team after team."""
    team = 0
    while True:
        team += 1
        for service in range(1, rng.randint(4, 12) + 1):
            base = f"team-{team:02d}/service-{service:02d}"
            depth = rng.choice([3, 3, 4, 4, 5])
            envs = ENVS[: rng.randint(1, len(ENVS))]
            if depth == 3:
                folders = [f"{base}/{env}" for env in envs]
            elif depth == 4:
                folders = [f"{base}/infra/{env}" for env in envs]
            else:
                regions = REGIONS[: rng.randint(1, 3)]
                folders = [f"{base}/infra/{region}/{env}" for region in regions for env in envs]
            yield from folders


def weighted(rng, sources):
    return rng.choices(sources, weights=[s.weight for s in sources])[0]


def unique(stem, used):
    name, k = stem, 1
    while name in used:
        k += 1
        name = f"{stem}-{k}"
    used.add(name)
    return name


def deployment(rng, corpora, used):
    """One deployment's files: [(name, bytes, is template, mentions clusters)]."""
    arm, policies, compiled, bicep = corpora
    clusters = rng.random() < WITH_CLUSTERS
    if rng.random() < BICEP_SHARE:
        source = weighted(rng, bicep)
        stem = unique(source.stem, used)
        text = variant_text(source, clusters, "plain")
        files = [(f"{stem}.bicep", text, True)]
        parameters = bicep_parameters(source, clusters)
        if rng.random() < BICEPPARAM_SHARE:
            files.append((f"{stem}.bicepparam", bicepparam(rng, stem, parameters), False))
        else:
            files.append((f"{stem}.parameters.json", parameters_json(rng, parameters), False))
        if rng.random() < COMPILED_SHARE:
            twin = source.twin or weighted(rng, compiled)
            files.insert(1, (f"{stem}.json", variant_text(twin, clusters, "plain"), True))
        return files
    if policies and rng.random() < len(policies) / (len(policies) + len(arm)):
        source = weighted(rng, policies)
        return [(f"{unique(source.stem, used)}.json",
                 variant_text(source, clusters, "plain"), False)]
    source = weighted(rng, arm)
    stem = unique(source.stem, used)
    variant = rng.choices(["plain", "crlf", "comments", "crlf-comments"], [70, 12, 12, 6])[0]
    text = variant_text(source, clusters, variant)
    return [(f"{stem}.json", text, True),
            (f"{stem}.parameters.json", parameters_json(rng, arm_parameters(source, clusters)), False)]


def main():
    if len(sys.argv) != 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1:
        sys.exit("usage: bench/generate-scale.py OUT_DIR FILES")
    out, total = sys.argv[1], int(sys.argv[2])
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        sys.exit(f"bench/generate-scale.py: {out} exists and is not an empty directory")
    rng = random.Random(SEED)
    corpora = load()
    written = size = templates = with_clusters = 0
    folders = leaves(rng)
    while written < total:
        folder = os.path.join(out, next(folders))
        os.makedirs(folder)
        want = rng.randint(*LEAF_FILES)
        used, held = set(), 0
        while held < want and written + held < total:
            # Only the very last deployment can lose files (its parameter file first).
            files = deployment(rng, corpora, used)[: total - written - held]
            for name, data, template in files:
                with open(os.path.join(folder, name), "wb") as target:
                    target.write(data)
                size += len(data)
                if template:
                    templates += 1
                    with_clusters += re.search(rb"managedclusters", data, re.IGNORECASE) is not None
            held += len(files)
        written += held
    print(f"{written} files, {size} bytes ({size / 1e6:.1f} MB), {templates} templates "
          f"({with_clusters} with managedClusters, {100 * with_clusters / templates:.0f}%)")


if __name__ == "__main__":
    main()
