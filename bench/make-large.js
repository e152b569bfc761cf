#!/usr/bin/env node
// Writes one large ARM template: a corpus template with one cluster per megabyte among copies
// of every other resource the corpus deploys, like a monolithic template grown over years.
//
// usage: node bench/make-large.js CORPUS_DIR MEGABYTES OUT_FILE
'use strict';

const fs = require('fs');
const path = require('path');

const BASE = 'agic/deploy__azuredeploy.json';
const CLUSTER_TYPE = 'microsoft.containerservice/managedclusters';
const INDENT = 4;

function isCluster(resource) {
  return typeof resource.type === 'string' && resource.type.toLowerCase() === CLUSTER_TYPE;
}

// Every top-level resource of the corpus templates that JSON.parse reads (no comments).
function corpusResources(corpus) {
  const resources = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.json')) {
        try {
          const template = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
          if (Array.isArray(template.resources)) resources.push(...template.resources);
        } catch (error) {
          // comments or trailing commas: not used as filler
        }
      }
    }
  };
  walk(corpus);
  return resources;
}

function main([corpus, megabytes, out]) {
  const template = JSON.parse(fs.readFileSync(path.join(corpus, BASE), 'utf8'));
  const cluster = template.resources.find(isCluster);
  const filler = corpusResources(corpus).filter(
    (resource) => !/managedclusters/i.test(JSON.stringify(resource)),
  );
  const target = Number(megabytes) * 1000000;
  const perMegabyte = [];
  let size = 0;
  let next = 0;
  let sinceCluster = 0;
  while (size < target) {
    const resource = sinceCluster >= 1000000 ? cluster : filler[next++ % filler.length];
    sinceCluster = resource === cluster ? 0 : sinceCluster;
    const text = JSON.stringify(resource, null, INDENT);
    const bytes = text.length + 2 * INDENT * text.split('\n').length;  // nested two levels
    perMegabyte.push(resource);
    size += bytes;
    sinceCluster += bytes;
  }
  template.resources.push(...perMegabyte);
  fs.writeFileSync(out, JSON.stringify(template, null, INDENT) + '\n');
}

if (process.argv.length !== 5) {
  console.error('usage: node bench/make-large.js CORPUS_DIR MEGABYTES OUT_FILE');
  process.exit(2);
}
main(process.argv.slice(2));
