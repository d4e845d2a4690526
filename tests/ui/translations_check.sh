#!/bin/sh
# The Chinese translation is complete: lupdate over ui/ and app/ into a copy
# of resources/translations/coroscope_zh_CN.ts must find no new (unfinished)
# string and no vanished one, and must not warn about tr() it cannot place
# in a context (those strings would never be translated at run time).
#   translations_check.sh LUPDATE SOURCE_DIR
set -eu
lupdate=$1
src=$2
ts="$src/resources/translations/coroscope_zh_CN.ts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
test -s "$ts" || { echo "FAIL: $ts is missing"; exit 1; }
cp "$ts" "$work/check_zh_CN.ts"
cd "$src"
"$lupdate" -locations none -target-language zh_CN ui app -ts "$work/check_zh_CN.ts" >"$work/log" 2>&1 || {
    cat "$work/log"; echo "FAIL: lupdate failed"; exit 1; }
status=0
# ("Class 'cs::ui' lacks Q_OBJECT": a tr() in a free function lands in the
# namespace's context, which the code never asks for. A class that lacks
# Q_OBJECT but whose helper calls translate() with its own name is fine.)
if grep -n -E "Class '[a-z_:]*' lacks Q_OBJECT|Cannot invoke tr|Circular namespace|Qualifying with unknown" "$work/log"; then
    echo "FAIL: lupdate cannot place some tr() calls in a context (see above)"
    status=1
fi
unfinished=$(grep -c 'type="unfinished"' "$work/check_zh_CN.ts" || true)
vanished=$(grep -c -E 'type="(vanished|obsolete)"' "$work/check_zh_CN.ts" || true)
if [ "$unfinished" -ne 0 ]; then
    echo "FAIL: $unfinished string(s) without a finished Chinese translation:"
    grep -B3 'type="unfinished"' "$work/check_zh_CN.ts" | grep -E '<source>|<name>' | head -40
    status=1
fi
if [ "$vanished" -ne 0 ]; then
    echo "FAIL: $vanished translation(s) of strings the code no longer has (run lupdate -no-obsolete):"
    grep -B3 -E 'type="(vanished|obsolete)"' "$work/check_zh_CN.ts" | grep '<source>' | head -20
    status=1
fi
messages=$(grep -c '<message' "$work/check_zh_CN.ts" || true)
echo "coroscope_zh_CN.ts: $messages messages, $unfinished unfinished, $vanished vanished"
exit $status
