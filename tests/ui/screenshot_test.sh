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
# The app draws on the X server xvfb-run starts: a QT_QPA_PLATFORM from the
# environment (./dev test sets offscreen when there is no display) would put
# it on Qt's 800x800 offscreen screen instead.
unset QT_QPA_PLATFORM
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
shot() {  # NAME SCREEN [ENV=VALUE...]; the app's arguments in $args
    name=$1
    screen=$2
    shift 2
    vars="$*"
    rm -f "$out/$name.png" "$out/$name.layout.json"
    # wm=openbox: under a window manager, which frames the window (a title
    # bar the frame must also fit) and acts on maximized and full screen.
    if [ -n "${wm:-}" ]; then
        # The app starts once the window manager says it runs (--startup).
        ready="$runtime/wm-ready-$name"
        run="$wm --startup 'touch $ready' >/dev/null 2>&1 & while [ ! -e $ready ]; do sleep 0.05; done; exec \"\$0\" \"\$@\""
        set -- sh -c "$run" "$app" $args --screenshot "$out/$name.png" --quit-after 3
    else
        set -- "$app" $args --screenshot "$out/$name.png" --quit-after 3
    fi
    if ! env $vars COROSCOPE_LAYOUT_REPORT="$out/$name.layout.json" \
        xvfb-run -a -s "-screen 0 ${screen}x24" "$@"; then
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
# The same under a window manager, when there is one.
if command -v openbox >/dev/null 2>&1; then
    wm=openbox
    args="--lang en"
    shot "wm-app-1366x768-en" 1366x768 LANG=C.UTF-8
    shot "wm-app-1920x1080-en" 1920x1080 LANG=C.UTF-8
    args="--lang en --lesson aimd-finds-capacity --presentation"
    shot "wm-presentation-1920x1080-en" 1920x1080 LANG=C.UTF-8
    wm=
else
    echo "SKIP: no openbox: window frames under a window manager not checked"
fi
exit $failed
