# bash completion for roofline                             -*- shell-script -*-
#
# Installed as DATADIR/bash-completion/completions/roofline, which
# bash-completion loads the first time `roofline` is completed; from a
# clone: `source completion/roofline.bash` (after bash-completion itself,
# whose helpers this uses: _init_completion, _filedir, _parse_help,
# _command_offset).
#
# The commands and each command's options come from the binary's own
# --help, so they are always the ones its parser takes; the values of the
# options that take one (a kind of file, or one of a few words) are below.

# The commands in the "Commands:" list of `roofline --help`.
_roofline_commands()
{
    LC_ALL=C "$1" --help 2>/dev/null |
        sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p'
}

_roofline()
{
    local cur prev words cword split
    _init_completion -s || return

    local roofline=${words[0]} cmd= cmd_at=0 i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            cmd_at=$i
            break
        fi
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W '$(_roofline_commands "$roofline")' -- "$cur"))
        fi
        return
    fi

    # After `--`: the parser's arguments (analyze), the command to measure.
    for ((i = cmd_at + 1; i < cword; i++)); do
        if [[ ${words[i]} == -- ]]; then
            case $cmd in
                measure) _command_offset $((i + 1)) ;;
                *) _filedir ;;
            esac
            return
        fi
    done

    # The value of an option.
    case $cmd,$prev in
        analyze,--format)
            COMPREPLY=($(compgen -W 'text json csv' -- "$cur"))
            return
            ;;
        machine,--format | measure,--format)
            COMPREPLY=($(compgen -W 'text json' -- "$cur"))
            return
            ;;
        analyze,--counters | measure,--counters)
            COMPREPLY=($(compgen -W 'auto perf cachegrind' -- "$cur"))
            return
            ;;
        analyze,--machine | measure,--machine | machine,--load)
            _filedir json
            return
            ;;
        analyze,--plot | plot,-o | plot,--output)
            _filedir '@(png|svg)'
            return
            ;;
        machine,--topology)
            _filedir xml
            return
            ;;
        analyze,-p)
            _filedir -d
            return
            ;;
        *,-o | *,--output)
            _filedir
            return
            ;;
        analyze,-k | analyze,--kernel | analyze,-D | analyze,--param | analyze,--per | \
            analyze,--unit | analyze,--run | *,--units | *,--timeout | measure,--repeats | \
            plot,--size)
            # a name, a number or a command line: nothing to offer
            return
            ;;
    esac
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '$(_parse_help "$roofline" "$cmd --help")' -- "$cur"))
        return
    fi

    # The operands.
    case $cmd in
        analyze) _filedir c ;;
        plot) _filedir json ;;
    esac
} &&
    complete -F _roofline roofline

# ex: filetype=sh
