/* The man page and the shell completion generated from `retort __help`
 * (packaging/gen_docs.sh, run by the build): every command `retort --help`
 * lists reaches the man page with its options, and the bash and zsh scripts
 * complete a command, an option and a revision id of a real project. Also
 * `retort drivers` on the build tree's modules and on broken ones. */
#include "cli_helpers.h"

#define GEN_DIR RT_BINARY_DIR "/share"

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

TestSuite(packaging, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown, .timeout = 120);

/* The command names of `retort --help` (its "Commands:" block). */
static void help_commands(rt_strv *names)
{
    char *out = cli_expect(0, dir, "--help");
    char *p = strstr(out, "\nCommands:\n");
    cr_assert(p, "no Commands: block in:\n%s", out);
    p += strlen("\nCommands:\n");
    while (p[0] == ' ' && p[1] == ' ' && p[2] != ' ') {
        char *end = p + 2;
        while (*end && *end != ' ')
            end++;
        rt_strv_push_owned(names, rt_xstrndup(p + 2, (size_t)(end - p - 2)));
        p = strchr(p, '\n');
        cr_assert(p);
        p++;
    }
    cr_assert_gt(names->n, 10, "too few commands parsed from:\n%s", out);
    free(out);
}

Test(packaging, man_page_has_every_command_and_its_options)
{
    char *man = rt_test_read_file(GEN_DIR "/retort.1");
    cr_assert(man, "no %s/retort.1: the build generates it", GEN_DIR);
    rt_strv names = RT_STRV_INIT;
    help_commands(&names);
    for (size_t i = 0; i < names.n; i++) {
        cli_assert_hasf(man, "\n.SS %s\n", names.items[i]);
        /* Each option line of the command's --help appears in its section. */
        char *help = NULL;
        cr_assert_eq(cli_run(&help, dir, "%s --help", names.items[i]), 0);
        /* The global options every command's help ends with are the man
         * page's OPTIONS section, from `retort --help`. */
        char *globals = strstr(help, "\nGlobal options");
        if (globals)
            *globals = '\0';
        for (char *line = strtok(help, "\n"); line; line = strtok(NULL, "\n"))
            if (strncmp(line, "  -", 3) == 0)
                cli_assert_has(man, line);
        free(help);
    }
    cli_assert_has(man, ".SH EXIT STATUS\nExit status: 0 ok");
    cli_assert_has(man, ".SH OPTIONS");
    cli_assert_lacks(man, ".SS __");
    rt_strv_free(&names);
    free(man);
}

/* Runs the bash completion function on the words (a bash array literal) with
 * the cursor on the last one, in the project folder; returns COMPREPLY, one
 * per line (caller frees). */
static char *bash_complete(const char *words)
{
    char *out = NULL;
    int rc = rt_test_sh(&out, dir,
                        "bash -c 'source %s/retort.bash && COMP_WORDS=(%s) && "
                        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _retort && "
                        "printf \"%%s\\n\" \"${COMPREPLY[@]}\"'",
                        GEN_DIR, words);
    cr_assert_eq(rc, 0, "completion of (%s) failed:\n%s", words, out);
    return out;
}

static void make_project(void)
{
    free(cli_expect(0, dir, "init migrations"));
    free(cli_expect(0, dir, "revision -m one --rev-id abc123 --branch-label feature"));
    free(cli_expect(0, dir, "revision -m two --rev-id abd456"));
}

Test(packaging, bash_completion_loads)
{
    char *out = NULL;
    int rc = rt_test_sh(&out, dir, "bash -c 'source %s/retort.bash && complete -p retort'",
                        GEN_DIR);
    cr_assert_eq(rc, 0, "%s", out);
    cli_assert_has(out, "complete -F _retort retort");
    free(out);
}

Test(packaging, bash_completes_commands_options_and_revisions)
{
    make_project();
    char *out = bash_complete("retort upg");
    cr_assert_str_eq(out, "upgrade\n");
    free(out);
    out = bash_complete("retort history --ind");
    cr_assert_str_eq(out, "--indicate-current\n");
    free(out);
    out = bash_complete("retort -c retort.ini revision --spl");
    cr_assert_str_eq(out, "--splice\n");
    free(out);
    /* Revision ids and labels come from the project, through the binary
     * the user typed. */
    out = bash_complete(RT_RETORT_BIN " upgrade ab");
    cr_assert_str_eq(out, "abc123\nabd456\n");
    free(out);
    out = bash_complete(RT_RETORT_BIN " revision --head fe");
    cr_assert_str_eq(out, "feature\n");
    free(out);
    out = bash_complete(RT_RETORT_BIN " downgrade h");
    cr_assert_str_eq(out, "head\nheads\n");
    free(out);
}

Test(packaging, revisions_complete_to_nothing_outside_a_project)
{
    char *out = cli_expect(0, dir, "__complete revisions");
    cr_assert_str_eq(out, "");
    free(out);
    out = cli_expect(2, dir, "__complete files");
    cli_assert_has(out, "__complete takes 'revisions', got 'files'");
    free(out);
}

Test(packaging, zsh_completion_registers_and_completes)
{
    make_project();
    char *out = NULL;
    /* compinit finds #compdef retort in fpath; the function body is the bash
     * script run through bashcompinit, called as _bash_complete would. */
    int rc = rt_test_sh(
        &out, dir,
        "zsh -fc 'fpath=(%s $fpath); autoload -U +X compinit && compinit -u -d %s/zcd && "
        "print comps=${_comps[retort]} && autoload -U +X bashcompinit && bashcompinit && "
        "source <(sed \\$d %s/_retort) && "
        "f() { emulate -L sh; setopt kshglob noshglob braceexpand; "
        "COMP_WORDS=(%s upgrade ab); COMP_CWORD=2; _retort; print -l \"${COMPREPLY[@]}\"; "
        "COMP_WORDS=(retort ensure_); COMP_CWORD=1; _retort; print -l \"${COMPREPLY[@]}\"; }; f'",
        GEN_DIR, dir, GEN_DIR, RT_RETORT_BIN);
    cr_assert_eq(rc, 0, "zsh failed (is zsh installed? ci/deps.sh installs it):\n%s", out);
    cli_assert_has(out, "comps=_retort\n");
    cli_assert_has(out, "\nabc123\n");
    cli_assert_has(out, "\nfeature\n");
    cli_assert_has(out, "\nensure_version\n");
    free(out);
}

/* An interactive zsh on a pseudo-terminal, as a user has it: compinit finds
 * _retort in $fpath and TAB completes through it (zsh's own zpty module). */
static const char zpty_script[] =
    "zmodload zsh/zpty\n"
    "all=\n"
    "# waits up to 30 s for the terminal to show $1\n"
    "expect() {\n"
    "  local i chunk\n"
    "  for i in {1..300}; do\n"
    "    while zpty -r -t z chunk; do all+=$chunk; done\n"
    "    [[ ${all//$'\\e'\\[[0-9;?]#[a-zA-Z]/} == *$1* ]] && return 0\n"
    "    sleep 0.1\n"
    "  done\n"
    "  print -r -- \"timed out waiting for '$1' in: $all\"; exit 1\n"
    "}\n"
    "zpty z 'env PS1=\"%% \" zsh -f -i'\n"
    "zpty -w z \"fpath=($GEN \\$fpath); autoload -U compinit; compinit -u -d $PWD/zcd;"
    " PATH=$BIN:\\$PATH; echo ready-\\$((6 * 7))\"\n"
    "expect ready-42\n"
    "zpty -wn z $'retort hist\\t'\n"
    "expect 'retort history'\n"
    "zpty -wn z $'\\x15retort upgrade abd\\t'\n"
    "expect 'retort upgrade abd456'\n"
    "zpty -d z\n"
    "print ok\n";

Test(packaging, zsh_completes_interactively)
{
    make_project();
    char *script = rt_xasprintf("%s/zpty.zsh", dir);
    rt_test_write_file(script, zpty_script);
    char *bindir = rt_xstrdup(RT_RETORT_BIN);
    *strrchr(bindir, '/') = '\0';
    char *out = NULL;
    int rc = rt_test_sh(&out, dir, "GEN='%s' BIN='%s' zsh -f '%s'", GEN_DIR, bindir, script);
    cr_assert_eq(rc, 0, "zsh failed (is zsh installed? ci/deps.sh installs it):\n%s", out);
    cli_assert_has(out, "ok\n");
    free(out);
    free(bindir);
    free(script);
}

Test(packaging, drivers_lists_modules_and_their_client_libraries)
{
    char *out = cli_expect(0, dir, "drivers");
    cli_assert_has(out, "Search path:\n");
    cli_assert_hasf(out, "  sqlite3: %s/retort_driver_sqlite3.so\n", RT_DRIVER_BUILD_DIR);
    cli_assert_has(out, "      client: libsqlite3.so.0 => /");
    cli_assert_has(out, "      client: libpq.so.5 => /");
    cli_assert_has(out, "      client: libmariadb.so.3 => /");
    cli_assert_has(out, "      client: libodbc.so.2 => /");
    free(out);
}

Test(packaging, drivers_says_why_a_module_does_not_load)
{
    char *out = NULL;
    int rc = cli_run(&out, dir, "drivers 2>&1 </dev/null");
    free(out);
    cr_assert_eq(rc, 0);
    rc = rt_test_sh(&out, dir, "RETORT_DRIVER_PATH=%s/tests/fixtures:%s:/nonexistent '%s' drivers",
                    RT_BINARY_DIR, RT_DRIVER_BUILD_DIR, RT_RETORT_BIN);
    cr_assert_eq(rc, 1, "exit %d:\n%s", rc, out);
    cli_assert_has(out, "  /nonexistent  (does not exist)\n");
    cli_assert_has(out, "  broken_wrong_abi: ");
    cli_assert_has(out, "does not load: driver 'broken_wrong_abi' at ");
    cli_assert_has(out, "newer than the ABI");
    /* The build tree's folder is both in RETORT_DRIVER_PATH and compiled in:
     * its second appearance is shadowed. */
    cli_assert_has(out, "shadowed by the module of the same name above");
    free(out);
}
