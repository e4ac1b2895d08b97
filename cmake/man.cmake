# cmake/man.cmake: the man pages, made by help2man from `roofline --help`
# and `roofline COMMAND --help`, so that a page says what the binary says:
# roofline(1), and roofline-COMMAND(1) for each command that `roofline
# --help` lists (as git has git-commit(1)). Each page gets the sections of
# MAN_SOURCE_DIR/common.h2m (exit status), those of MAN_SOURCE_DIR/PAGE.h2m
# if there is one, and a SEE ALSO naming the other pages.
#
#   cmake -DROOFLINE=BIN -DHELP2MAN=help2man -DGZIP=gzip -DOUT_DIR=DIR/man1
#         -DWORK_DIR=DIR -DVERSION=0.1.0 -DDESCRIPTION=TEXT -DMAN_SOURCE_DIR=man
#         -DDOCDIR=share/doc/roofline -P man.cmake
#
# Writes DIR/man1/roofline.1, DIR/man1/roofline-COMMAND.1 and a gzip'd copy
# of each (.1.gz, what is installed), after removing the pages of a former
# build; `man -M DIR roofline-analyze` reads them.
cmake_minimum_required(VERSION 3.20)
foreach(v ROOFLINE HELP2MAN GZIP OUT_DIR WORK_DIR VERSION DESCRIPTION MAN_SOURCE_DIR DOCDIR)
  if(NOT ${v})
    message(FATAL_ERROR "man.cmake: ${v} must be set")
  endif()
endforeach()

# The commands and their summaries, from the "Commands:" list of --help.
execute_process(COMMAND ${ROOFLINE} --help RESULT_VARIABLE rc OUTPUT_VARIABLE help)
if(NOT rc EQUAL 0 OR NOT help MATCHES "\nCommands:\n(( +[^\n]+\n)+)")
  message(FATAL_ERROR "man.cmake: '${ROOFLINE} --help' gave no list of commands")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${CMAKE_MATCH_1}")
set(commands "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^  ([a-z][a-z0-9-]*)  +([^ ].*)$")
    message(FATAL_ERROR "man.cmake: cannot read the command line '${line}' of --help")
  endif()
  list(APPEND commands ${CMAKE_MATCH_1})
  set(summary_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
endforeach()

file(MAKE_DIRECTORY ${OUT_DIR})
file(GLOB stale ${OUT_DIR}/*)
if(stale)
  file(REMOVE ${stale})
endif()

set(pages roofline)
foreach(c IN LISTS commands)
  list(APPEND pages roofline-${c})
endforeach()

foreach(page IN LISTS pages)
  # SEE ALSO: every other page of roofline, then the tools it runs.
  set(refs "")
  foreach(other IN LISTS pages)
    if(NOT other STREQUAL page)
      string(REPLACE "-" "\\-" ref ${other})
      string(APPEND refs ".BR \\%${ref} (1),\n")
    endif()
  endforeach()
  string(CONCAT see_also "[SEE ALSO]\n${refs}.BR gnuplot (1),\n.BR valgrind (1).\n.PP\n"
                "The full documentation, with the counting model and the report schemas:\n"
                ".I README.md\n"
                "and\n.IR docs/ ,\n"
                "installed in\n.I /usr/${DOCDIR}\n"
                "by the Debian package, and in\n.I PREFIX/${DOCDIR}\n"
                "by\n.BR \"cmake \-\-install\" .\n")
  file(WRITE ${WORK_DIR}/${page}-see-also.h2m "${see_also}")

  if(page STREQUAL "roofline")
    set(help_option "--help")
    set(name "${DESCRIPTION}")
  else()
    string(REGEX REPLACE "^roofline-" "" c ${page})
    set(help_option "${c} --help")
    set(name "${summary_${c}}")
  endif()
  execute_process(COMMAND ${HELP2MAN} --no-info --section=1 "--manual=User Commands"
                          "--version-string=${page} ${VERSION}" "--source=roofline ${VERSION}"
                          "--help-option=${help_option}"
                          "--name=${name}" "--include=${MAN_SOURCE_DIR}/common.h2m"
                          "--opt-include=${MAN_SOURCE_DIR}/${page}.h2m"
                          "--include=${WORK_DIR}/${page}-see-also.h2m"
                          "--output=${OUT_DIR}/${page}.1" ${ROOFLINE}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man.cmake: help2man failed for ${page}: ${err}")
  endif()
  execute_process(COMMAND ${GZIP} -9 --no-name --force --keep ${OUT_DIR}/${page}.1
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man.cmake: gzip failed for ${page}.1: ${err}")
  endif()
endforeach()
