#!/usr/bin/env bash
# The classic Ferry story, played in a scratch clone of this repository against the
# cluster KUBECONFIG names: sync Spark 2.1.0, commit a bump to 1.6.3 and sync (a
# rollout), show `kubectl rollout history`, then `git revert` and sync again.
set -euo pipefail
FERRY=${FERRY:-ferry}
: "${KUBECONFIG:?set KUBECONFIG to the cluster to play the demo on}"
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone -q "$here" "$scratch/repo"
cd "$scratch/repo"
git config user.name "Ferry Demo"
git config user.email "demo@ferry.invalid"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "sync Spark 2.1.0 from $(git rev-parse --short HEAD)"
"$FERRY" sync --kubeconfig "$KUBECONFIG"

step "commit a bump to Spark 1.6.3 and sync: a rollout"
sed -i 's/image: spark:2.1.0/image: spark:1.6.3/' manifests/spark-master.yaml manifests/spark-worker.yaml
git commit -qam "Spark 1.6.3"
git show --stat --oneline HEAD | cat
"$FERRY" sync --kubeconfig "$KUBECONFIG"

step "kubectl rollout history: git commits as revisions"
kubectl --kubeconfig "$KUBECONFIG" rollout history deployment/spark-worker -n spark

step "git revert HEAD and sync: back to 2.1.0, on the first ReplicaSet"
git revert --no-edit HEAD >/dev/null
"$FERRY" sync --kubeconfig "$KUBECONFIG"
kubectl --kubeconfig "$KUBECONFIG" rollout history deployment/spark-worker -n spark
kubectl --kubeconfig "$KUBECONFIG" get rs -n spark
"$FERRY" status --kubeconfig "$KUBECONFIG"
