#!/usr/bin/env node
// The same fix as armfix, the way a scripting user would write it with VS Code's
// format-preserving JSON editor (npm jsonc-parser: modify + applyEdits).
//
// usage: node bench/jsonc-fix.js FILE...
//
// For every deployed AKS cluster (top level, child resources, inline nested deployments,
// symbolic resources) it sets properties.securityProfile.defender.securityMonitoring.enabled
// to true and, when missing, logAnalyticsWorkspaceResourceId to a parameter it adds. Files
// without "managedClusters" are not parsed, as armfix does. Prints "clusters fixed, files
// written, files failed" on stdout.
'use strict';

const fs = require('fs');
const jsonc = require('jsonc-parser');

const CLUSTER_TYPE = 'microsoft.containerservice/managedclusters';
const WORKSPACE_PARAM = 'logAnalyticsWorkspaceResourceId';
const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false };

function property(node, name) {
  if (!node || node.type !== 'object') return undefined;
  const member = node.children.find((p) => p.children[0].value === name);
  return member && member.children[1];
}

function isCluster(resource) {
  const type = property(resource, 'type');
  const existing = property(resource, 'existing');
  return (
    type && typeof type.value === 'string' && type.value.toLowerCase() === CLUSTER_TYPE &&
    !(existing && existing.value === true)
  );
}

// Paths of every deployed cluster below a `resources` array or symbolic-name object.
function clusterPaths(resources, path, found) {
  if (!resources || (resources.type !== 'array' && resources.type !== 'object')) return found;
  resources.children.forEach((child, index) => {
    const resource = resources.type === 'array' ? child : child.children[1];
    const resourcePath = path.concat(resources.type === 'array' ? index : child.children[0].value);
    if (isCluster(resource)) found.push(resourcePath);
    clusterPaths(property(resource, 'resources'), resourcePath.concat('resources'), found);
    const template = property(property(resource, 'properties'), 'template');
    clusterPaths(
      property(template, 'resources'),
      resourcePath.concat('properties', 'template', 'resources'),
      found,
    );
  });
  return found;
}

function formatting(text) {
  return { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function setValue(text, path, value) {
  const edits = jsonc.modify(text, path, value, { formattingOptions: formatting(text) });
  return jsonc.applyEdits(text, edits);
}

function fixText(text) {
  const root = jsonc.parseTree(text, [], PARSE_OPTIONS);
  const paths = clusterPaths(property(root, 'resources'), ['resources'], []);
  let fixed = 0;
  for (const cluster of paths) {
    const defender = cluster.concat('properties', 'securityProfile', 'defender');
    try {
      text = setValue(text, defender.concat('securityMonitoring', 'enabled'), true);
      const tree = jsonc.parseTree(text, [], PARSE_OPTIONS);
      const workspace = defender.concat(WORKSPACE_PARAM);
      if (!jsonc.findNodeAtLocation(tree, workspace)) {
        text = setValue(text, workspace, `[parameters('${WORKSPACE_PARAM}')]`);
        if (!jsonc.findNodeAtLocation(tree, ['parameters', WORKSPACE_PARAM])) {
          text = setValue(text, ['parameters', WORKSPACE_PARAM], { type: 'string' });
        }
      }
      fixed += 1;
    } catch (error) {
      // properties or securityProfile given by an expression: jsonc-parser cannot edit inside.
    }
  }
  return { text, fixed };
}

function main(files) {
  let clusters = 0;
  let written = 0;
  let failed = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/managedclusters/i.test(text)) continue;
    try {
      const result = fixText(text);
      clusters += result.fixed;
      if (result.text !== text) {
        fs.writeFileSync(file, result.text);
        written += 1;
      }
    } catch (error) {
      failed += 1;
    }
  }
  console.log(`${clusters} ${written} ${failed}`);
}

if (process.argv.length < 3) {
  console.error('usage: node bench/jsonc-fix.js FILE...');
  process.exit(2);
}
main(process.argv.slice(2));
