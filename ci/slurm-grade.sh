#!/bin/bash
# slurm-grade.sh: grade a course on a Slurm cluster with a job array.
#
#   ci/slurm-grade.sh IMPLS_DIR [SHARDS] [make variables...]
#
# Submits an array of SHARDS tasks (default 8), task i running
#     make grade SHARD=i/SHARDS IMPLS=IMPLS_DIR [make variables]
# in this checkout (a shared filesystem), each into
# build/results/grade/shard-i-of-SHARDS/, then a job that runs after all of
# them (afterany: a crashed shard is reported as missing, not hidden)
#     make grade-merge
# which writes build/results/grade/matrix.md and matrix.html. Extra
# arguments (PROFILE=lenient KERNEL=6.1 B=...) are passed to both make calls.
# Each task builds and swaps implementations in its own build world
# (B=build/slurm-task-i: two checks must never share a kernel tree), while
# all of them write results to one GRADE_DIR (build/results/grade). Pass
# B=/scratch/... to put the worlds elsewhere; each task adds -i itself.
#
# Environment: SBATCH_PARTITION, SBATCH_ACCOUNT and the like as sbatch reads
# them; GRADE_TIME (default 04:00:00) and GRADE_MEM (default 4G) per task.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 IMPLS_DIR [SHARDS] [VAR=value...]" >&2; exit 2; }
impls=$1; shift
shards=8
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then shards=$1; shift; fi
[ -d "$impls" ] || { echo "$0: $impls is not a directory" >&2; exit 2; }
[ "$shards" -ge 1 ] || { echo "$0: SHARDS must be at least 1" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
impls=$(cd "$impls" && pwd)
world=build/slurm-task vars=
for v in "$@"; do
	case $v in B=*) world=${v#B=} ;; *) vars="$vars $(printf '%q' "$v")" ;; esac
done
grade=$top/build/results/grade
mkdir -p "$top/build/results/grade/slurm"

array=$(sbatch --parsable --job-name=mt-grade --array=1-"$shards" \
	--time="${GRADE_TIME:-04:00:00}" --mem="${GRADE_MEM:-4G}" --cpus-per-task=2 \
	--output="$top/build/results/grade/slurm/shard-%a-of-$shards.out" \
	--chdir="$top" --wrap="make grade SHARD=\$SLURM_ARRAY_TASK_ID/$shards IMPLS=$(printf '%q' "$impls") GRADE_DIR=$grade B=$world-\$SLURM_ARRAY_TASK_ID$vars")
echo "submitted grading array $array ($shards shards)"
merge=$(sbatch --parsable --job-name=mt-grade-merge --dependency=afterany:"$array" \
	--time=00:15:00 --mem=1G \
	--output="$top/build/results/grade/slurm/merge.out" \
	--chdir="$top" --wrap="make grade-merge GRADE_DIR=$grade")
echo "submitted merge $merge: build/results/grade/matrix.md and matrix.html when it ends"
