#!/usr/bin/env bash
# Fuzz/run.sh SECONDS [TARGET...]: builds the libFuzzer targets (release, -sanitize=fuzzer) and
# runs each for SECONDS, one after another, under `nice -n ${FUZZ_NICE:-19}`. Seeds come from Fuzz/Corpus/<T>/;
# new inputs go to Fuzz/.build/corpus/<T>/ (not committed); a crash is written to
# Fuzz/Crashes/<T>-crash-<sha1> and stops that target. Summary: Fuzz/.build/logs/summary.txt.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: Fuzz/run.sh SECONDS [TARGET...]}
shift
all=(FuzzProfileYAML FuzzCatalogYAML FuzzHFConfig FuzzVLLM FuzzLlamaBench FuzzMLPerf FuzzGenAIPerf FuzzGenericCSV FuzzPublishedCorpus)
targets=("${@:-${all[@]}}")
# The Swift runtime's backtracer would catch a trap before libFuzzer and no crash file would be written.
export SWIFT_BACKTRACE=enable=no
niceness=${FUZZ_NICE:-19}
nice -n "$niceness" swift build -c release --sanitize=fuzzer
mkdir -p .build/logs Crashes
: > .build/logs/summary.txt
for target in "${targets[@]}"; do
    mkdir -p ".build/corpus/$target" "Corpus/$target"
    echo "== $target: ${seconds}s"
    # The shipped catalog is read relative to the repository root.
    # -timeout=60: at nice 19 on a busy machine a unit that takes 30 ms gets so little CPU that the
    # 10 s limit used before reported load as hangs (two such false timeouts on 2026-12-02).
    (cd .. && nice -n "$niceness" "Fuzz/.build/release/$target" "Fuzz/.build/corpus/$target" "Fuzz/Corpus/$target" \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=60 -print_final_stats=1 \
        -artifact_prefix="Fuzz/Crashes/$target-") > ".build/logs/$target.log" 2>&1 || echo "$target: stopped with a finding, see Fuzz/.build/logs/$target.log"
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' ".build/logs/$target.log" | grep -o '[0-9]*$' || echo "?")
    rate=$(grep -o 'exec/s: [0-9]*' ".build/logs/$target.log" | tail -1 | grep -o '[0-9]*$' || echo "?")
    echo "$target: ${seconds}s, $runs executions, $rate exec/s" | tee -a .build/logs/summary.txt
done
