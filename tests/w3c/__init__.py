"""W3C SPARQL 1.1 test manifests (copied unchanged; see README.md and LICENSE.md) and kg's harness."""
