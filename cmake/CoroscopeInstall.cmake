# Installation as desktop software, and the Debian package (`cpack -G DEB`).
#
# FHS places, relative to the prefix (/usr in the .deb, /usr/local for a
# plain `cmake --install`):
#   bin/coroscope, bin/coroscope-cli, bin/coroscope-cli-qt   (app/*/CMakeLists.txt)
#   bin/coroscope-trace                   python3 -m coroscope_trace, wherever the package went
#   ${COROSCOPE_PYTHON_DIR}/coroscope_trace/   the tracer (lib/python3/dist-packages:
#                                         on Debian's sys.path when the prefix is /usr)
#   share/applications/io.github.coroscope.Coroscope.desktop
#   share/metainfo/io.github.coroscope.Coroscope.metainfo.xml
#   share/icons/hicolor/{scalable,NxN}/apps/io.github.coroscope.Coroscope.{svg,png}
#   share/coroscope/{scenarios,experiments,lessons,python-examples}/   for the CLI and the tracer
#
# The desktop id, the icon name and the AppStream id are one name, so that
# software centres, the menu and Wayland (QGuiApplication::desktopFileName)
# match them up.
set(COROSCOPE_APP_ID "io.github.coroscope.Coroscope")
set(COROSCOPE_PYTHON_DIR "lib/python3/dist-packages" CACHE STRING
    "Where the coroscope_trace package is installed, relative to the prefix")
set(COROSCOPE_DATA_DIR "share/coroscope")
# The hicolor sizes rendered from resources/icons/coroscope.svg.
set(COROSCOPE_ICON_SIZES 16 22 24 32 48 64 128 256 512)

# ---------------------------------------------------------------- desktop integration
if(COROSCOPE_BUILD_GUI)
    set(_desktop "${PROJECT_SOURCE_DIR}/resources/desktop")
    install(FILES "${_desktop}/${COROSCOPE_APP_ID}.desktop" DESTINATION share/applications)
    install(FILES "${_desktop}/${COROSCOPE_APP_ID}.metainfo.xml" DESTINATION share/metainfo)
    install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/coroscope.svg"
            DESTINATION share/icons/hicolor/scalable/apps RENAME "${COROSCOPE_APP_ID}.svg")

    # PNGs for the sizes menus and docks ask for, rendered at build time
    # (~50 ms for all of them) rather than committed: the SVG stays the one
    # source of the picture.
    find_program(COROSCOPE_RSVG_CONVERT rsvg-convert)
    if(COROSCOPE_RSVG_CONVERT)
        set(_pngs)
        foreach(size IN LISTS COROSCOPE_ICON_SIZES)
            set(_dir "${PROJECT_BINARY_DIR}/icons/hicolor/${size}x${size}/apps")
            set(_png "${_dir}/${COROSCOPE_APP_ID}.png")
            add_custom_command(OUTPUT "${_png}"
                COMMAND "${CMAKE_COMMAND}" -E make_directory "${_dir}"
                COMMAND "${COROSCOPE_RSVG_CONVERT}" --width ${size} --height ${size} --keep-aspect-ratio
                        --output "${_png}" "${PROJECT_SOURCE_DIR}/resources/icons/coroscope.svg"
                DEPENDS "${PROJECT_SOURCE_DIR}/resources/icons/coroscope.svg"
                COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
            list(APPEND _pngs "${_png}")
            install(FILES "${_png}" DESTINATION "share/icons/hicolor/${size}x${size}/apps")
        endforeach()
        add_custom_target(coroscope_icons ALL DEPENDS ${_pngs})
    else()
        message(WARNING "Coroscope: rsvg-convert (Debian: librsvg2-bin) not found: only the "
                        "scalable icon is installed, no PNG sizes")
    endif()
endif()

# ---------------------------------------------------------------- the tracer
# The whole package folder, whatever modules, subpackages and data it holds.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/python/coroscope_trace"
        DESTINATION "${COROSCOPE_PYTHON_DIR}"
        PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)
# coroscope-trace finds the package relative to itself, so it works for any
# prefix (under /usr/local, Debian's python3 does not look in
# lib/python3/dist-packages).
file(RELATIVE_PATH COROSCOPE_TRACE_PYTHONPATH "/prefix/bin" "/prefix/${COROSCOPE_PYTHON_DIR}")
configure_file("${PROJECT_SOURCE_DIR}/resources/desktop/coroscope-trace.in"
               "${PROJECT_BINARY_DIR}/coroscope-trace" @ONLY)
install(PROGRAMS "${PROJECT_BINARY_DIR}/coroscope-trace" DESTINATION bin)

# ---------------------------------------------------------------- data for the CLI
# The app embeds these; installed too so that `coroscope-cli run` and the
# tracer have something to start from.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/scenarios" "${PROJECT_SOURCE_DIR}/resources/experiments"
                  "${PROJECT_SOURCE_DIR}/resources/lessons"
        DESTINATION "${COROSCOPE_DATA_DIR}" FILES_MATCHING PATTERN "*.json")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/python/examples/"
        DESTINATION "${COROSCOPE_DATA_DIR}/python-examples"
        PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)

# ---------------------------------------------------------------- Debian package
# cpack -G DEB (in the build folder) makes coroscope_VERSION_ARCH.deb.
# Library dependencies come from dpkg-shlibdeps (Qt 6, QCoro, libstdc++...;
# Debian's libqt6gui6 carries the xcb and offscreen platform plugins); the
# one no ELF file names is listed here: python3, for the tracer. Recommended:
# a CJK font for the Chinese interface and Qt's own translations (its
# dialogs' buttons in Chinese).
set(CPACK_PACKAGE_NAME "coroscope")
set(CPACK_PACKAGE_VENDOR "The Coroscope developers")
set(CPACK_PACKAGE_CONTACT "The Coroscope developers <noreply@coroscope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see what every asyncio task is doing, on a virtual clock")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Coroscope runs small Python asyncio programs on a virtual clock with\n"
    "exactly CPython 3.11's scheduling and shows every task on a timeline:\n"
    "waiting for a permit, running, blocked, done, failed or cancelled.\n"
    "Bundled lessons, a limit lab, the coroscope-cli command line and a\n"
    "tracer for real programs (python3 -m coroscope_trace).")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "education")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/coroscope/coroscope")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3 (>= 3.9)")
if(COROSCOPE_BUILD_GUI)
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-wqy-microhei, qt6-translations-l10n")
endif()
# The tracer's byte code, as Debian's Python packages have it: not in the
# .deb (lintian: package-installs-python-bytecode), compiled by postinst
# (py3compile, else compileall) into the package's __pycache__, which a user
# who is not root could not write (without it the package is compiled at
# every run: issue 13); prerm removes it (and whatever python3 run as root
# wrote there) so that nothing is left behind.
foreach(_script postinst prerm)
    configure_file("${PROJECT_SOURCE_DIR}/resources/desktop/${_script}.in"
                   "${PROJECT_BINARY_DIR}/debian/${_script}" @ONLY)
    file(CHMOD "${PROJECT_BINARY_DIR}/debian/${_script}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
         GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_BINARY_DIR}/debian/postinst"
                                       "${PROJECT_BINARY_DIR}/debian/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
