"""A Parley FAQ bot in Python, on python-socketio's threaded client (Debian's python3-socketio 5.7).

It welcomes each new session with quick replies, answers a small FAQ, hands "human" or "agent" to
the support team, records feedback and closes on "bye", and echoes anything else. The protocol it
speaks is described in docs/bots.md.

Environment: PARLEY_URL (default http://localhost:3000), PARLEY_BOT_TOKEN (default: the token of
the server's zero-setup demo configuration). Exits 1 when the server refuses the token.
"""
import os
import queue
import re
import signal
import sys
import threading
import time
import uuid

import socketio

URL = os.environ.get('PARLEY_URL', 'http://localhost:3000')
TOKEN = os.environ.get('PARLEY_BOT_TOKEN', 'demo-welcome-bot-token-change-me')
NS = '/bot'
ACK_TIMEOUT_S = 5

QUICK_REPLIES = ['Opening hours', 'Shipping', 'Talk to a human']
FAQ = [
    (re.compile(r'\b(hours?|open|opening)\b', re.I),
     'We are open Monday to Friday, 9:00 to 18:00 (CET).'),
    (re.compile(r'\b(ship|shipping|deliver|delivery)\b', re.I),
     'Orders ship within 24 hours. Delivery takes 2 to 4 working days in the EU.'),
    (re.compile(r'\b(returns?|refunds?)\b', re.I),
     'You can return anything within 30 days for a full refund.'),
]
HUMAN = re.compile(r'\b(human|agent|person)\b', re.I)
BYE = re.compile(r'^\W*(bye|goodbye)\b', re.I)

# We reconnect ourselves (see stay_connected) so that a refused token can end the process.
sio = socketio.Client(reconnection=False)
work = queue.Queue()        # what the server pushes, handled one at a time by the main thread
online = threading.Event()  # set while /bot is connected
stopping = threading.Event()
refused = threading.Event()  # the server refused the token: retrying cannot help
cursors = {}                # sessionId -> last seq handled: what `sync` resumes from
early = {}                  # sessionId -> {seq: event} that arrived ahead of a gap
gone = set()                # sessions that left this bot (closed or routed away)
me = {'id': None}           # this bot's id, from app.config


def log(text):
    print(time.strftime('%H:%M:%S'), text, flush=True)


class ParleyError(Exception):
    def __init__(self, code, message):
        super().__init__(f'{code}: {message}')
        self.code = code


def request(event, payload):
    """Sends an acknowledged event and returns the ack. On an ack timeout (or while offline) it
    resends the very same payload, so a write keeps its clientId and is stored once."""
    for attempt in range(1, 6):
        online.wait()
        try:
            ack = sio.call(event, payload, namespace=NS, timeout=ACK_TIMEOUT_S)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError) as error:
            log(f'{event}: no ack ({type(error).__name__}, attempt {attempt}); resending')
            time.sleep(0.5)
            continue
        if ack.get('ok'):
            return ack
        raise ParleyError(ack['error']['code'], ack['error']['message'])
    raise ParleyError('timeout', f'{event} was not acknowledged after 5 attempts')


def say(sid, text, quick_replies=None):
    payload = {'sessionId': sid, 'clientId': str(uuid.uuid4()), 'text': text}
    if quick_replies:
        payload['quickReplies'] = quick_replies
    return request('message.send', payload)['seq']


def typing(sid, on):
    if online.is_set():  # typing is ephemeral: never acked, stored or replayed
        sio.emit('typing', {'sessionId': sid, 'on': on}, namespace=NS)


def welcome(session):
    name = (session['visitor'].get('name') or '').split(' ')[0] or 'there'
    say(session['id'], f"Hi {name}! I'm the Python FAQ bot. Ask me about opening hours, shipping "
        'or returns, or ask for a human.', QUICK_REPLIES)


def answer(sid, text):
    if HUMAN.search(text):
        say(sid, 'Let me find someone from our support team for you.')
        route = request('session.route', {'sessionId': sid, 'team': 'support'})['route']
        log(f'{sid}: routed to team support, outcome {route["outcome"]}')
    elif BYE.search(text):
        say(sid, 'Thanks for chatting with us. Goodbye!')
        request('session.feedback', {'sessionId': sid, 'clientId': str(uuid.uuid4()), 'tag': 'bot-closed'})
        request('session.close', {'sessionId': sid})
        log(f'{sid}: feedback recorded, session closed')
    else:
        typing(sid, True)
        say(sid, next((reply for pattern, reply in FAQ if pattern.search(text)), f'You said: "{text}"'))
        typing(sid, False)


def is_mine(event):
    return event['type'] == 'message' and event['author']['role'] == 'bot' \
        and me['id'] in (None, event['author']['id'])


def handle(event):
    """One new entry of a session this bot handles, in seq order, once."""
    sid = event['sessionId']
    if event['type'] == 'message' and event['author']['role'] == 'visitor':
        log(f'{sid} #{event["seq"]} visitor: {event["text"]}')
        answer(sid, event['text'])
    elif event['type'] == 'feedback':
        log(f'{sid} #{event["seq"]} feedback: {event["feedback"]}')
    elif event['type'] == 'session.changed' and (event['to'] != 'bot' or event['from'] == 'bot'):
        # The change that takes the session away (closed, queued, offline, another bot): the last
        # thing this bot hears about it.
        log(f'{sid} #{event["seq"]}: {event["from"]} -> {event["to"]} ({event["reason"]}); letting go')
        gone.add(sid)
        cursors.pop(sid, None)
        early.pop(sid, None)


def receive(event):
    """Drops an entry it already has; holds one that comes ahead of a gap (python-socketio runs each
    handler in its own thread, so two pushes can swap) until the gap fills or a sync fills it."""
    sid, seq = event['sessionId'], event['seq']
    if sid in gone or seq <= cursors.get(sid, 0):
        return
    early.setdefault(sid, {})[seq] = event
    drain(sid)


def drain(sid):
    held = early.get(sid, {})
    while sid in cursors and cursors[sid] + 1 in held:
        cursors[sid] += 1
        handle(held.pop(cursors[sid]))
    if not held:
        early.pop(sid, None)


def adopt(session, events):
    """A session from `session.created` or `sync`. A known one only gets its missed entries; a new
    one is welcomed if this bot never spoke in it, and its unanswered visitor messages answered."""
    sid = session['id']
    if sid in gone:
        return
    if sid in cursors:
        for event in events:
            receive(event)
        return
    if session['status'] != 'bot':
        return  # no longer this bot's to talk in
    cursors[sid] = events[-1]['seq'] if events else session['lastSeq']
    log(f'{sid}: new session of visitor {session["visitorId"]} ({session["status"]})')
    if not any(is_mine(e) for e in events):
        welcome(session)
    answered = max((e['seq'] for e in events if e['type'] == 'message' and e['author']['role'] != 'visitor'),
                   default=0)
    for event in events:
        if event['seq'] > answered and event['type'] == 'message' and event['author']['role'] == 'visitor':
            answer(sid, event['text'])
    drain(sid)  # entries pushed before the session itself


def sync():
    """Resumes: this bot's open sessions, and every entry newer than what it has of each."""
    if me['id'] is None:
        try:
            config = request('app.config', {})['config']
            me['id'] = config['bot']['id']
            log(f'I am bot "{me["id"]}" ({config["bot"]["name"]}), for sites '
                f'{", ".join(site["key"] for site in config["sites"]) or "(none)"}')
        except ParleyError as error:
            log(f'app.config failed: {error}')
    result = request('sync', {'cursors': dict(cursors)})
    for entry in result['sessions']:
        adopt(entry['session'], entry['events'])
    for sid in [sid for sid in early if sid not in cursors]:
        early.pop(sid)  # pushed, then gone before this bot knew it: nothing to do


def stay_connected():
    delay = 1
    while not stopping.is_set():
        try:
            sio.connect(URL, auth={'token': TOKEN}, namespaces=[NS], transports=['websocket'],
                        wait_timeout=3)
            delay = 1
            sio.wait()  # returns when the connection drops
            if not stopping.is_set():
                log('reconnecting')
        except socketio.exceptions.ConnectionError as error:
            if refused.is_set():
                return  # the main thread reports it and exits
            log(f'cannot connect to {URL} ({error}); retrying in {delay} s')
            time.sleep(delay)
            delay = min(delay * 2, 30)


@sio.on('connect', namespace=NS)
def on_connect():
    online.set()
    log(f'connected to {URL}{NS}')
    work.put(('sync', None))  # on every (re)connect: catch up on what happened meanwhile


@sio.on('disconnect', namespace=NS)
def on_disconnect():
    online.clear()
    log('disconnected')


@sio.on('connect_error', namespace=NS)
def on_connect_error(packet):
    # Socket.IO v4 sends { message, data }; Parley's typed error is `data`: { code, message }.
    error = (packet.get('data') if isinstance(packet, dict) else None) or {}
    log(f'connection refused: {error.get("code", "?")}: {error.get("message", packet)}')
    if error.get('code') == 'unauthorized':
        refused.set()
        work.put(('refused', error))


sio.on('session.created', lambda sync: work.put(('created', sync)), namespace=NS)
sio.on('session.event', lambda event: work.put(('event', event)), namespace=NS)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log(f'connecting to {URL}{NS}')
    threading.Thread(target=stay_connected, daemon=True).start()
    try:
        while True:
            try:
                kind, data = work.get(timeout=1)
            except queue.Empty:
                if not early:
                    continue
                kind, data = 'sync', None  # a gap did not fill by itself: ask for what is missing
            if kind == 'refused':
                log(f'the server refused the token ({data["message"]}); check PARLEY_BOT_TOKEN')
                return 1
            try:
                if kind == 'sync':
                    sync()
                elif kind == 'created':
                    adopt(data['session'], data['events'])
                else:
                    receive(data)
            except ParleyError as error:
                log(f'{kind} failed: {error}')
    except KeyboardInterrupt:
        return 0
    finally:
        stopping.set()
        sio.disconnect()


if __name__ == '__main__':
    sys.exit(main())
