# bash completion for diffgram-launch(1): subcommands, options, option values (services,
# formats, providers, dialects, log levels), files and directories, and the COMMAND of `run`.
# Installed as share/bash-completion/completions/diffgram-launch (loaded on first use); it needs
# nothing from the bash-completion package, but uses its _command_offset for COMMAND's own
# arguments when that is there. Kept in step with --help by tests/integration/test_completion.py.
# shellcheck disable=SC2207  # COMPREPLY=($(compgen ...)) is the completion idiom; IFS is set for files
# shellcheck disable=SC2048  # _diffgram_launch_has splits its word lists on purpose

# Options for the subcommands that resolve an environment (run, check, explain, print, info).
_diffgram_launch_options="--env-file --no-dotenv --secrets-dir --from-cmd --from-cmd-json
  --from-cmd-timeout --set --override --pristine --keep --dialect --service --strict --no-check
  --reveal --allow-unsafe --schema --state-dir --accept-fernet-key-change --init --no-init --watch
  --stop-timeout --mask-output --format --log-format --log-level -q --quiet --fix --in-place --output
  --provider --force -h --help --version"
_diffgram_launch_logging="--log-format --log-level -q --quiet -h --help"
# Options that take a value in the next word (Boost.ProgramOptions also accepts --opt=VALUE).
_diffgram_launch_with_value="--env-file --secrets-dir --from-cmd --from-cmd-json --from-cmd-timeout
  --set --keep --dialect --service --allow-unsafe --schema --state-dir --stop-timeout --format
  --log-format --log-level --output --provider"

_diffgram_launch_has() { # WORD LIST...: is WORD one of LIST?
    local w=$1 x
    shift
    for x in $*; do [[ $x == "$w" ]] && return 0; done
    return 1
}

_diffgram_launch_files() { # $1: -f files, -d directories
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY=($(compgen "$1" -- "$cur"))
}

_diffgram_launch() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --opt=VALUE: bash splits at '=' (COMP_WORDBREAKS), giving "--opt" "=" "VALUE".
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    # Find the subcommand and where COMMAND starts (run: the first word that is not an option,
    # or the word after "--"), skipping the values of options that take one.
    local sub="" command_at=0 i=1 w
    while ((i < COMP_CWORD)); do
        w=${COMP_WORDS[i]}
        if [[ $w == "--" ]]; then
            command_at=$((i + 1))
            break
        elif [[ ${COMP_WORDS[i + 1]} == "=" ]]; then
            i=$((i + 2))
        elif _diffgram_launch_has "$w" "$_diffgram_launch_with_value"; then
            i=$((i + 1))
        elif [[ $w != -* ]]; then
            if [[ -z $sub ]] && _diffgram_launch_has "$w" "run check explain print info lint init gen-fernet-key"; then
                sub=$w
            elif [[ -z $sub || $sub == run ]]; then
                command_at=$i
                break
            fi
        fi
        i=$((i + 1))
    done

    if ((command_at > 0)); then
        if ((command_at == COMP_CWORD)); then
            compopt -o filenames 2>/dev/null
            local IFS=$'\n'
            COMPREPLY=($(compgen -c -- "$cur"))
        elif declare -F _command_offset >/dev/null; then
            _command_offset "$command_at"
        else
            _diffgram_launch_files -f
        fi
        return 0
    fi

    case $prev in
    --env-file | --schema | --output)
        _diffgram_launch_files -f
        return 0
        ;;
    --secrets-dir | --state-dir)
        _diffgram_launch_files -d
        return 0
        ;;
    --service)
        COMPREPLY=($(compgen -W "default walrus eventhandlers dispatcher migrations frontend" -- "$cur"))
        return 0
        ;;
    --format)
        local formats="text json dotenv shell systemd docker"
        case $sub in
        check | explain | info | lint) formats="text json" ;;
        print) formats="dotenv json shell systemd docker" ;;
        esac
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return 0
        ;;
    --provider)
        COMPREPLY=($(compgen -W "minio aws gcp azure" -- "$cur"))
        return 0
        ;;
    --dialect)
        COMPREPLY=($(compgen -W "python-dotenv compose" -- "$cur"))
        return 0
        ;;
    --log-format)
        COMPREPLY=($(compgen -W "text json" -- "$cur"))
        return 0
        ;;
    --log-level)
        COMPREPLY=($(compgen -W "trace debug info warning error off" -- "$cur"))
        return 0
        ;;
    --keep)
        COMPREPLY=($(compgen -e -- "$cur"))
        return 0
        ;;
    --set)
        compopt -o nospace 2>/dev/null
        COMPREPLY=($(compgen -e -S = -- "$cur"))
        return 0
        ;;
    --allow-unsafe)
        COMPREPLY=($(compgen -W "LD_PRELOAD LD_LIBRARY_PATH LD_AUDIT PYTHONSTARTUP PYTHONINSPECT BASH_ENV ENV GCONV_PATH" -- "$cur"))
        return 0
        ;;
    --from-cmd | --from-cmd-json)
        COMPREPLY=($(compgen -c -- "$cur"))
        return 0
        ;;
    --from-cmd-timeout | --stop-timeout)
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        local opts=$_diffgram_launch_options
        case $sub in
        init) opts="--provider --output --force $_diffgram_launch_logging" ;;
        gen-fernet-key) opts="-h --help" ;;
        lint) opts="--format --dialect --fix --in-place --output $_diffgram_launch_logging" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi

    case $sub in
    "")
        # A subcommand, or COMMAND itself (exec mode); commands only once a prefix is typed, so a
        # bare TAB lists the subcommands rather than every program on PATH.
        COMPREPLY=($(compgen -W "run check explain print info lint init gen-fernet-key" -- "$cur"))
        if [[ -n $cur ]]; then
            local IFS=$'\n'
            COMPREPLY+=($(compgen -c -- "$cur"))
        fi
        ;;
    lint) _diffgram_launch_files -f ;;
    explain) COMPREPLY=($(compgen -e -- "$cur")) ;;
    run)
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -c -- "$cur"))
        ;;
    esac
    return 0
}

complete -F _diffgram_launch diffgram-launch
