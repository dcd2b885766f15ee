"""Time from a 100 KB bracketed paste to the answer on screen, in the search popup and the
note editor of the real binary in a pseudo terminal (160x40), five runs each.

    python3 benches/paste_latency.py target/release/briefbench

Each run starts the workbench on the embedded brief in a fresh data dir, opens the popup
(or the editor), pastes 100 KB of "meta" lines in one bracketed paste, and stops the clock
when the input-limit notice is drawn. A figure, not a test: the machine is shared.
"""
import os, pty, time, select, sys, statistics, tempfile, signal
B=sys.argv[1]
def run(kind):
    d=tempfile.mkdtemp()
    pid, fd = pty.fork()
    if pid==0:
        os.environ['BRIEFBENCH_DATA_DIR']=d; os.environ['TERM']='xterm-256color'
        os.execv(B,[B])
    import fcntl, termios, struct
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH',40,160,0,0))
    os.kill(pid, signal.SIGWINCH)
    buf=b''
    def wait(pat, t=30):
        nonlocal buf
        end=time.time()+t
        while pat not in buf and time.time()<end:
            r,_,_=select.select([fd],[],[],0.05)
            if r:
                try: buf+=os.read(fd,65536)
                except OSError: break
        return pat in buf
    assert wait(b'summary.1')
    time.sleep(0.3)
    os.write(fd,b'/' if kind=='search' else b'n'); wait(b'Search sources' if kind=='search' else b'Note on'); time.sleep(0.2)
    buf=b''
    body=("meta\r\n"*(100_000//6)).encode()
    t0=time.perf_counter()
    data=b'\x1b[200~'+body+b'\x1b[201~'
    while data:
        _,w,_=select.select([],[fd],[],1)
        n=os.write(fd,data[:4096]); data=data[n:]
        r,_,_=select.select([fd],[],[],0)
        if r: buf+=os.read(fd,65536)
    ok=wait(b'full: a query' if kind=='search' else b'4000')
    dt=time.perf_counter()-t0
    os.kill(pid,signal.SIGKILL); os.waitpid(pid,0)
    return dt if ok else None
for kind in ['search','note']:
    ts=[run(kind) for _ in range(5)]
    print(kind, [round(t,3) if t else t for t in ts], 'median', statistics.median([t for t in ts if t]))
