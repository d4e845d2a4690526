#!/bin/sh
# One lesson in Chinese and in English, in the real app under a virtual X
# server; lesson_shot_check then checks that a CJK font draws Chinese and
# that the Chinese picture's texts differ from the English one's.
#   lesson_screenshot_test.sh COROSCOPE LESSON_SHOT_CHECK OUTDIR [LESSON]
set -eu
# The app draws on the X server xvfb-run starts: a QT_QPA_PLATFORM from the
# environment (./dev test sets offscreen when there is no display) would put
# it on Qt's 800x800 offscreen screen instead.
unset QT_QPA_PLATFORM
app=$1
check=$2
out=$3
lesson=${4:-1}
runtime=$(mktemp -d)
chmod 700 "$runtime"
trap 'rm -rf "$runtime"' EXIT
mkdir -p "$out"
rm -f "$out/lesson-zh_CN.png" "$out/lesson-en.png"
# Progress and settings go to a throwaway folder, not the user's.
export XDG_RUNTIME_DIR="$runtime" XDG_CONFIG_HOME="$runtime/config"
xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --lang zh_CN --lesson "$lesson" \
    --screenshot "$out/lesson-zh_CN.png" --quit-after 3
xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --lang en --lesson "$lesson" \
    --screenshot "$out/lesson-en.png" --quit-after 3
QT_QPA_PLATFORM=offscreen "$check" "$out/lesson-zh_CN.png" "$out/lesson-en.png"
