#!/bin/sh
# Check the organization against the spec at ORG_REF of ORG_REPO. Exit 0 in
# sync; on drift print the report, open or update a GitHub issue when
# GH_TOKEN and GITHUB_REPOSITORY are set, and exit 2 so the Job shows it.
set -u
orgctl --git-repo "$ORG_REPO" --git-ref "${ORG_REF:-main}" drift -f "${ORG_SPEC:-org.yaml}" \
  --format markdown > /tmp/drift.md
code=$?
cat /tmp/drift.md
if [ "$code" != 2 ]; then
  exit "$code"
fi
if [ -n "${GH_TOKEN:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
  { cat /tmp/drift.md; echo; echo "_Found by the orgctl-drift CronJob at $(date -u +%Y-%m-%dT%H:%MZ)._"; } > /tmp/body.md
  gh label create orgctl-drift --repo "$GITHUB_REPOSITORY" --color d93f0b --force > /dev/null
  number=$(gh issue list --repo "$GITHUB_REPOSITORY" --state open --label orgctl-drift --json number --jq '.[0].number // empty')
  if [ -n "$number" ]; then
    gh issue edit "$number" --repo "$GITHUB_REPOSITORY" --body-file /tmp/body.md
  else
    gh issue create --repo "$GITHUB_REPOSITORY" --title "orgctl: the organization drifted from the spec" \
      --label orgctl-drift --body-file /tmp/body.md
  fi
fi
exit 2
