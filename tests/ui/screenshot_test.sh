#!/bin/sh
# Starts the real app in a virtual X server on the screens classrooms have
# (1280x720, 1366x768, 1920x1080; a HiDPI 2560x1440 at scale 2), in English
# and Chinese, and in presentation mode on a 1280x720 and a 1920x1080
# projector (also at 1.25x and 1.5x scaling), lets it run live for a few
# seconds, saves a screenshot
# (coroscope --screenshot) with the app's layout report
# (COROSCOPE_LAYOUT_REPORT) and checks both: lanes drawn, the window frame
# inside the screen, every dock shown or a tab on screen, no text cut off.
#   screenshot_test.sh COROSCOPE SCREENSHOT_CHECK OUTDIR
set -eu
app=$1
check=$2
out=$3
runtime=$(mktemp -d)
chmod 700 "$runtime"
trap 'rm -rf "$runtime"' EXIT
mkdir -p "$out"
# Settings (a saved layout, a language) go to a throwaway folder.
export XDG_RUNTIME_DIR="$runtime" XDG_CONFIG_HOME="$runtime/config"
failed=0
shot() {  # NAME SCREEN [ENV=VALUE...] -- ARGS...
    name=$1
    screen=$2
    shift 2
    rm -f "$out/$name.png" "$out/$name.layout.json"
    if ! env "$@" COROSCOPE_LAYOUT_REPORT="$out/$name.layout.json" \
        xvfb-run -a -s "-screen 0 ${screen}x24" "$app" $args --screenshot "$out/$name.png" --quit-after 3; then
        echo "FAIL: $name: the app did not save a screenshot" >&2
        failed=1
        return
    fi
    echo "$name:"
    if ! "$check" "$out/$name.png" 1000 600 --layout "$out/$name.layout.json"; then
        echo "FAIL: $name" >&2
        failed=1
    fi
}
for screen in 1280x720 1366x768 1920x1080; do
    for lang in en zh_CN; do
        args="--lang $lang"
        shot "app-$screen-$lang" "$screen" LANG=C.UTF-8
    done
done
args="--lang en"
shot "app-2560x1440-scale2-en" 2560x1440 QT_SCALE_FACTOR=2
# Presentation mode: a lesson with narration, full screen.
args="--lang en --lesson aimd-finds-capacity --presentation"
shot "presentation-1280x720-en" 1280x720 LANG=C.UTF-8
shot "presentation-1920x1080-en" 1920x1080 LANG=C.UTF-8
shot "presentation-1920x1080-scale1.25-en" 1920x1080 QT_SCALE_FACTOR=1.25
shot "presentation-1920x1080-scale1.5-en" 1920x1080 QT_SCALE_FACTOR=1.5
args="--lang zh_CN --lesson aimd-finds-capacity --presentation"
shot "presentation-1920x1080-zh_CN" 1920x1080 LANG=C.UTF-8
exit $failed
