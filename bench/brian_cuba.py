"""Vogels-Abbott CUBA network in Brian2 (the Brian2 example `CUBA.py`), timed.

Usage: python3 bench/brian_cuba.py [target]   (target: default 'runtime' = Brian2's default codegen target)
Prints one JSON line: wall seconds of run(1 s) after a 1 ms warm-up run (so code generation
and compilation are excluded), spike count and synaptic events.
"""
import json, sys, time
from brian2 import *

target = sys.argv[1] if len(sys.argv) > 1 else 'runtime'
if target != 'runtime':
    prefs.codegen.target = target
seed(0)
defaultclock.dt = 0.1 * ms
taum = 20 * ms; taue = 5 * ms; taui = 10 * ms
Vt = -50 * mV; Vr = -60 * mV; El = -49 * mV
eqs = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms, method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 0 * mV
P.gi = 0 * mV
we = (60 * 0.27 / 10) * mV
wi = (-20 * 4.5 / 10) * mV
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<3200', p=0.02)
Ci.connect('i>=3200', p=0.02)
s_mon = SpikeMonitor(P)
t0 = time.perf_counter()
run(1 * ms)
warm = time.perf_counter() - t0
n0 = s_mon.num_spikes
t0 = time.perf_counter()
run(1 * second)
wall = time.perf_counter() - t0
spikes = int(s_mon.num_spikes - n0)
syn = len(Ce) + len(Ci)
import numpy as np
deg = np.bincount(np.concatenate([np.asarray(Ce.i), np.asarray(Ci.i)]), minlength=4000)
idx = np.asarray(s_mon.i)[n0:]
events = int(deg[idx].sum())
print(json.dumps({'target': str(prefs.codegen.target), 'wallS': wall, 'warmupS': warm, 'spikes': spikes, 'synapses': int(syn), 'events': events}))
