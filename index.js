// n8n loads the package through the "n8n" section of package.json; this entry point only makes the
// package requirable on its own.
module.exports = {};
