#!/bin/sh
# Installed as /usr/bin/perf-filing: the bundle finds its own files next to the real executable.

# The bundle's Qt carries the ibus input-method plugin but none for fcitx (UOS and Kylin type
# Chinese through fcitx). fcitx5 also answers on the ibus protocol, so let Qt fall back to ibus
# when the desktop asks for fcitx.
case "${QT_IM_MODULE:-}" in
    fcitx | fcitx5)
        if [ -z "${QT_IM_MODULES:-}" ]; then
            QT_IM_MODULES="$QT_IM_MODULE;ibus"
            export QT_IM_MODULES
        fi
        ;;
esac
exec /opt/perf-filing/perf-filing "$@"
