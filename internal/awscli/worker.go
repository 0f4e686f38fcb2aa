package awscli

// workerScript imports the CLI once, then runs one command per line of
// JSON on stdin ({"env": {...}, "args": [...]}) through the CLI's own entry
// point, as its script does, and answers each with a line of JSON on
// stdout: the exit status and what the command printed. Its argument is
// the CLI's path, which the CLI's messages name as the program. Between commands
// the environment is replaced by the request's, keeping only what
// importing the CLI added (its data path), so one command's credentials
// never reach the next.
const workerScript = `
import io, json, os, sys

cli = sys.argv[1]
answers = sys.stdout
requests = sys.stdin
sys.stdin = io.StringIO()
if os.environ.get('LC_CTYPE', '') == 'UTF-8':
    os.environ['LC_CTYPE'] = 'en_US.UTF-8'
before = dict(os.environ)
import awscli.clidriver as clidriver
added = {k: v for k, v in os.environ.items() if before.get(k) != v}


def run(args):
    entry = getattr(clidriver, 'AWSCLIEntryPoint', None)
    if entry is not None:
        return entry().main(args)
    return clidriver.create_clidriver().main(args)


for line in requests:
    req = json.loads(line)
    os.environ.clear()
    os.environ.update(req['env'])
    os.environ.update(added)
    sys.argv = [cli] + req['args']
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO()
    answer = {}
    try:
        code = run(req['args'])
        answer['code'] = code if isinstance(code, int) else 0
    except SystemExit as e:
        answer['code'] = e.code if isinstance(e.code, int) else 1
    except BaseException as e:
        answer['error'] = repr(e)
    finally:
        sys.stdout, sys.stderr = answers, sys.__stderr__
    answer['stdout'] = out.getvalue()
    answer['stderr'] = err.getvalue()
    answers.write(json.dumps(answer) + '\n')
    answers.flush()
`
