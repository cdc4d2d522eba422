#!/bin/sh
# StanceMap's command on the PATH: the installed app lives in /opt/stancemap.
exec /opt/stancemap/stancemap "$@"
