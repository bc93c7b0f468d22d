#!/usr/bin/env bash
# usage: tools/seed-baselines.sh REPO OUTDIR
# Trains each fast example config for seeds 1-3 on one thread into OUTDIR/NAME-SEED and prints
# the best and last validation metric (the table in docs/trainer.md came from two checkouts).
set -uo pipefail
REPO=$1; OUT=$2; mkdir -p "$OUT"
cd "$REPO"
./rnn4j --help >/dev/null 2>&1
for name in dates parity-classifier reviews-classifier char-lm sample-lm number-words-vec2seq moving-squares-video spelled-digits; do
  for seed in 1 2 3; do
    cfg=models/examples/.seed-$name-$seed.json
    python3 - "$name" "$seed" "$cfg" <<'PY'
import json,sys
name,seed,cfg=sys.argv[1:]
c=json.load(open(f"models/examples/{name}.json")); c["training"]["seed"]=int(seed)
json.dump(c,open(cfg,"w"))
PY
    start=$(date +%s.%N)
    ./rnn4j train "$cfg" --out "$OUT/$name-$seed" --threads 1 > "$OUT/$name-$seed.log" 2>&1
    rc=$?
    end=$(date +%s.%N)
    rm -f "$cfg"
    python3 - "$OUT/$name-$seed" "$name" "$seed" "$rc" "$start" "$end" <<'PY' | tee -a "$OUT/summary.tsv"
import json,sys
d,name,seed,rc,s,e=sys.argv[1:]
try:
    recs=[json.loads(l) for l in open(d+"/metrics.jsonl")]
    keys=[k for k in recs[-1] if k.startswith("val_")]
    k={"parity-classifier":"val_accuracy","reviews-classifier":"val_accuracy","char-lm":"val_perplexity","sample-lm":"val_perplexity","moving-squares-video":"val_accuracy"}.get(name,"val_exact_match")
    vals=[r[k] for r in recs]
    best=min(vals) if "perplexity" in k else max(vals)
    print(f"{name}\t{seed}\t{k}\tbest={best:.4f}\tlast={vals[-1]:.4f}\tepochs={len(recs)}\trc={rc}\t{float(e)-float(s):.0f}s")
except Exception as ex:
    print(f"{name}\t{seed}\tERROR {ex} rc={rc}")
PY
  done
done
