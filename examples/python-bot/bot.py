"""A Parley FAQ bot in Python, on python-socketio's threaded client (Debian's python3-socketio 5.7).

It welcomes each new session with quick replies, answers a small FAQ, shows a card on "plans" and
asks an inline form on "contact" (rich messages, issue 14: the server checks the visitor's answer
against the form and hands it over as a message with `formAnswer`), hands "human" or "agent" to
the support team, records feedback and closes on "bye", and echoes anything else. It keeps the
processing cursor as docs/bots.md describes: it reports each entry handled (`session.handled`)
only after handling it, so a restart answers exactly what was left unanswered, and its replies
carry client ids derived from the entry they answer, so an entry handled twice is answered once.

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
PLANS = re.compile(r'\bplans?\b', re.I)
CONTACT = re.compile(r'\bcontact\b', re.I)
# A card: an https image with its alt text, a title, a text, a reply button and a link button.
PLAN_CARD = {
    'title': 'Pro plan',
    'text': 'Ten seats and priority support, 29 EUR a month.',
    'image': {'url': 'https://parley.example/images/pro.png', 'alt': 'The Pro plan badge'},
    'buttons': [{'label': 'Talk to a human', 'reply': 'Talk to a human'},
                {'label': 'Pricing', 'url': 'https://parley.example/pricing'}],
}
# An inline form: typed fields (text, email, number, select), answered in place in the widget.
CONTACT_FORM = {
    'id': 'contact',
    'title': 'How can we reach you?',
    'fields': [{'name': 'email', 'label': 'Email', 'type': 'email', 'required': True},
               {'name': 'seats', 'label': 'Seats', 'type': 'number'},
               {'name': 'plan', 'label': 'Plan', 'type': 'select', 'options': ['Free', 'Pro'],
                'required': True}],
}
BYE = re.compile(r'^\W*(bye|goodbye)\b', re.I)

# We reconnect ourselves (see stay_connected) so that a refused token can end the process.
sio = socketio.Client(reconnection=False)
work = queue.Queue()        # what the server pushes, handled one at a time by the main thread
online = threading.Event()  # set while /bot is connected
stopping = threading.Event()
refused = threading.Event()  # the server refused the token: retrying cannot help
sessions = {}               # sessionId -> {'last': seq taken in, 'handled': seq, 'holding': bool}
early = {}                  # sessionId -> {seq: event} that arrived ahead of a gap
handled = {}                # sessionId -> seq handled, not yet reported with `session.handled`
current = {}                # sessionId -> [seq, writes]: the event being handled, for client ids
me = {'id': None}           # this bot's id, from app.config
RETRY_LATER = ('unavailable', 'rate_limited')


def log(text):
    print(time.strftime('%H:%M:%S'), text, flush=True)


class ParleyError(Exception):
    def __init__(self, code, message):
        super().__init__(f'{code}: {message}')
        self.code = code


def request(event, payload):
    """Sends an acknowledged event and returns the ack. On an ack timeout (or while offline, or
    when the server says "not now") it resends the very same payload, so a write keeps its
    clientId and is stored once. A write's ack carries the entry it made (`event`)."""
    for attempt in range(1, 6):
        online.wait()
        try:
            ack = sio.call(event, payload, namespace=NS, timeout=ACK_TIMEOUT_S)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError) as error:
            log(f'{event}: no ack ({type(error).__name__}, attempt {attempt}); resending')
            time.sleep(0.5 * attempt)
            continue
        if ack.get('ok'):
            if 'event' in ack:
                # What this bot wrote comes back in the ack only, never as `session.event`: taken
                # in like a pushed entry, so the session's log has no gap where it stands.
                work.put(('event', ack['event']))
            return ack
        if ack['error']['code'] in RETRY_LATER:
            time.sleep(0.5 * attempt)
            continue
        raise ParleyError(ack['error']['code'], ack['error']['message'])
    raise ParleyError('timeout', f'{event} was not acknowledged after 5 attempts')


def client_id(sid):
    """Derived from the event being handled, so a message handled twice is answered once."""
    if sid in current:
        seq, writes = current[sid]
        current[sid][1] += 1
        return f'reply:{seq}:{writes}'
    return str(uuid.uuid4())


def say(sid, text, quick_replies=None, rich=None):
    """`rich`: a card, a carousel or an inline form (docs/bots.md); `text` is its plain fallback."""
    payload = {'sessionId': sid, 'clientId': client_id(sid), 'text': text}
    if quick_replies:
        payload['quickReplies'] = quick_replies
    if rich:
        payload['rich'] = rich
    return request('message.send', payload)['seq']


def typing(sid, on):
    if online.is_set():  # typing is ephemeral: never acked, stored or replayed
        sio.emit('typing', {'sessionId': sid, 'on': on}, namespace=NS)


def welcome(session):
    name = (session['visitor'].get('name') or '').split(' ')[0] or 'there'
    say(session['id'], f"Hi {name}! I'm the Python FAQ bot. Ask me about opening hours, shipping "
        'or returns, or ask for a human.', QUICK_REPLIES)


def answer(sid, text):
    if PLANS.search(text):
        say(sid, 'Pro plan: ten seats and priority support.', rich={'type': 'card', 'card': PLAN_CARD})
    elif CONTACT.search(text):
        say(sid, 'How can we reach you?', rich={'type': 'form', 'form': CONTACT_FORM})
    elif HUMAN.search(text):
        say(sid, 'Let me find someone from our support team for you.')
        route = request('session.route', {'sessionId': sid, 'team': 'support'})['route']
        log(f'{sid}: routed to team support, outcome {route["outcome"]}')
    elif BYE.search(text):
        say(sid, 'Thanks for chatting with us. Goodbye!')
        request('session.feedback', {'sessionId': sid, 'clientId': client_id(sid), 'tag': 'bot-closed'})
        request('session.close', {'sessionId': sid})
        log(f'{sid}: feedback recorded, session closed')
    else:
        typing(sid, True)
        say(sid, next((reply for pattern, reply in FAQ if pattern.search(text)), f'You said: "{text}"'))
        typing(sid, False)


def take_in(state, session, event):
    """One entry of a session, in seq order: what it means for whether this bot holds the session,
    and, past the processing cursor, what the bot does about it."""
    sid, seq = event['sessionId'], event['seq']
    act = seq > state['handled']
    if event['type'] == 'session.changed':
        handler = event.get('handler')
        mine = handler is not None and handler['kind'] == 'bot' and handler['id'] == me['id']
        if event['to'] == 'bot' and mine:
            state['holding'] = True  # the session came to this bot: a new visitor, or a hand back
            if act:
                log(f'{sid} #{seq}: session of visitor {session["visitorId"]} is ours ({event["reason"]})')
                welcome(session)
        elif state['holding'] and (event['to'] != 'bot' or 'handler' in event):
            state['holding'] = False  # closed, queued, offline or another bot's: let go
            if act:
                log(f'{sid} #{seq}: {event["from"]} -> {event["to"]} ({event["reason"]}); letting go')
    elif act and event['type'] == 'message' and event['author']['role'] == 'visitor' and state['holding']:
        if 'formAnswer' in event:  # checked by the server against the form, kept as session data
            values = event['formAnswer']['values']
            log(f'{sid} #{seq} form {event["formAnswer"]["form"]}: {values}')
            say(sid, f'Thanks! We will write to {values["email"]} about the {values["plan"]} plan.')
        else:
            log(f'{sid} #{seq} visitor: {event["text"]}')
            answer(sid, event['text'])
    elif act and event['type'] == 'feedback':
        log(f'{sid} #{seq} feedback: {event["feedback"]}')


def process(session, events):
    """Takes in a session's entries after what it has, handling those after the cursor; reports
    each handled only once handled. A request that fails leaves the rest for the next sync."""
    sid = session['id']
    state = sessions[sid]
    for event in sorted(events, key=lambda e: e['seq']):
        if event['seq'] != state['last'] + 1:
            continue
        current[sid] = [event['seq'], 0]
        try:
            take_in(state, session, event)
        finally:
            current.pop(sid, None)
        state['last'] = event['seq']
        if event['seq'] > state['handled']:
            state['handled'] = handled[sid] = event['seq']
    if not state['holding'] and state['last'] >= session['lastSeq']:
        sessions.pop(sid, None)  # done with it: forgotten, so the bot's memory stays small
        early.pop(sid, None)


def adopt(session, events, cursor):
    """A session from `session.created` or `sync`, with the server's processing cursor."""
    sid = session['id']
    state = sessions.setdefault(sid, {'last': 0, 'handled': 0, 'holding': False})
    state['handled'] = max(state['handled'], cursor or 0)
    process(session, events)


def receive(event):
    """A live entry. One of a session this bot does not know may be one it must catch up with;
    one that comes ahead of a gap (python-socketio runs each handler in its own thread, so two
    pushes can swap) waits until the gap fills or a sync fills it."""
    sid = event['sessionId']
    if sid not in sessions:
        work.put(('sync', None))
        return
    held = early.setdefault(sid, {})
    held[event['seq']] = event
    while sid in sessions and sessions[sid]['last'] + 1 in held:
        nxt = held.pop(sessions[sid]['last'] + 1)
        process({'id': sid, 'visitorId': '', 'visitor': {}, 'lastSeq': nxt['seq']}, [nxt])
    if not held:
        early.pop(sid, None)


def report_handled():
    """Tells the server how far this bot has handled each session (its processing cursor)."""
    if not handled:
        return
    batch = dict(handled)
    handled.clear()
    try:
        request('session.handled', {'handled': batch})
    except ParleyError as error:
        log(f'session.handled failed: {error}; sent again later')
        for sid, seq in batch.items():
            handled[sid] = max(seq, handled.get(sid, 0))


def sync():
    """Catches up: the sessions that still need this bot, from its processing cursor, a page at
    a time."""
    if me['id'] is None:
        try:
            config = request('app.config', {})['config']
            me['id'] = config['bot']['id']
            log(f'I am bot "{me["id"]}" ({config["bot"]["name"]}), for sites '
                f'{", ".join(site["key"] for site in config["sites"]) or "(none)"}')
        except ParleyError as error:
            log(f'app.config failed: {error}')
    after = None
    while True:
        payload = {'cursors': {sid: state['last'] for sid, state in sessions.items()}}
        if after:
            payload['after'] = after
        result = request('sync', payload)
        for entry in result['sessions']:
            adopt(entry['session'], entry['events'], entry.get('handled'))
        after = result.get('next')
        if not after:
            break
    for sid in [sid for sid in early if sid not in sessions]:
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
                report_handled()
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
                    adopt(data['session'], data['events'], data.get('handled'))
                else:
                    receive(data)
            except ParleyError as error:
                log(f'{kind} failed: {error}; catching up again shortly')
                time.sleep(1)
                work.put(('sync', None))  # what was not handled is still after the cursor
            if work.empty():
                report_handled()
    except KeyboardInterrupt:
        return 0
    finally:
        stopping.set()
        sio.disconnect()


if __name__ == '__main__':
    sys.exit(main())
