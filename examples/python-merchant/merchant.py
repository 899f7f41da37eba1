#!/usr/bin/env python3
"""A second merchant backend for Tokenproof, written from docs/ alone, in Python's standard library.

It serves the driver protocol (docs/driver-protocol.md) at <url>/tokenproof, the providers'
notifications at /antom/notify and /adyen/webhook, and the page that mounts Adyen's Drop-in at
/pay/adyen/<sessionId>. Usage:

    python3 merchant.py [--port 8080] [--flows all|checkout|pages] [--providers antom,adyen]
                        [--timeout-ms 5000] [--fault <name>[,<name>]]

It prints one line, `listening on http://127.0.0.1:<port>/tokenproof`, once it accepts requests.
"""
import argparse
import html
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import adyen  # noqa: E402
import antom  # noqa: E402
from common import FAULT_NAMES, Log, Store, mask  # noqa: E402

# Which flows each configuration offers, per provider.
CONFIGURATIONS = {
    'all': {'antom': antom.PAY_FLOWS + (antom.REUSE_FLOW,),
            'adyen': adyen.PAY_FLOWS + (adyen.SAVE_ONLY_FLOW, adyen.REUSE_FLOW)},
    'checkout': {'antom': ('server_to_server_enabled', antom.REUSE_FLOW),
                 'adyen': ('server_to_server_enabled', adyen.REUSE_FLOW)},
    'pages': {'antom': ('session_ask_consent', antom.REUSE_FLOW),
              'adyen': ('session_ask_consent', 'sdk_session', adyen.SAVE_ONLY_FLOW, adyen.REUSE_FLOW)},
}


class Issue(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Shop:
    def __init__(self, flows, providers, timeout_s, faults, log):
        self.flows = {p: f for p, f in flows.items() if p in providers}
        self.timeout = 120.0 if 'no-timeout' in faults else timeout_s
        self.faults = faults
        self.log = log
        self.store = Store()
        self.public_url = ''
        self.adapters = {'antom': antom.Antom(self), 'adyen': adyen.Adyen(self)}
        self.references = {}
        self.checkout_locks = {}
        self.lock = threading.Lock()

    def fault(self, name):
        return name in self.faults

    # --- helpers the adapters use ---------------------------------------------------------------

    def buyer_reference(self, buyer_ref):
        """What the provider sees as the buyer: the shop's pseudonymous reference, never personal data."""
        return buyer_ref + '@mail.example' if self.fault('email-as-buyer-ref') else buyer_ref

    def pending_status(self):
        if self.fault('pending-as-paid'):
            return 'paid'
        if self.fault('pending-as-failed'):
            return 'failed'
        return 'pending'

    def register_reference(self, provider, reference, order_id):
        with self.lock:
            self.references[(provider, reference)] = order_id

    def order_id_for(self, provider, reference):
        with self.lock:
            return self.references.get((provider, reference))

    def saved_card_for(self, provider, request):
        card_id = request['card'].get('savedCardId')
        card = self.store.cards.get(card_id)
        if card is None or card['provider'] != provider:
            return {'issue': ('unknown_saved_card', 'no saved card %s' % card_id)}
        if card['buyerRef'] != request['buyerRef'] and not self.fault('no-card-ownership'):
            self.log.write('saved card %s refused: it belongs to another buyer' % card_id)
            return {'issue': ('unknown_saved_card', 'no saved card %s for this buyer' % card_id)}
        return card

    # --- driver operations ----------------------------------------------------------------------

    def capabilities(self, _):
        return {'name': 'python-merchant', 'protocolVersion': 1, 'minor': 1, 'operations': ['logs'],
                'providers': [{'provider': p, 'flows': list(f)} for p, f in self.flows.items()]}

    def configure(self, body):
        adapter = self.adapters.get(body.get('provider'))
        if adapter is None or body['provider'] not in self.flows:
            raise Issue('unsupported_provider', 'this shop does not use %s' % body.get('provider'))
        return {'notificationUrl': adapter.configure(body['baseUrl'], body['credentials'])}

    def checkout(self, body):
        provider = body['provider']
        adapter = self.adapters.get(provider)
        if adapter is None or adapter.settings is None:
            raise Issue('not_configured', '%s is not configured' % provider)
        if body['flow'] not in self.flows.get(provider, ()):
            raise Issue('unsupported_flow', 'this shop does not offer %s with %s' % (body['flow'], provider))
        with self.lock:
            order_lock = self.checkout_locks.setdefault((provider, body['orderId']), threading.Lock())
        # One checkout of an order at a time: a repeated checkout of a paid order charges nothing.
        with order_lock:
            card = body['card']
            fields = {'buyerRef': body['buyerRef'], 'flow': body['flow'], 'currency': body['amount']['currency'],
                      'amountValue': body['amount']['value'], 'paymentRequestId': body['orderId'] + '-pay'}
            if card['kind'] == 'new':
                number = card['card']['number']
                fields.update({'masked': mask(number), 'expiryMonth': card['card']['expiryMonth'], 'expiryYear': card['card']['expiryYear'],
                               'save': card.get('save') is True if body['flow'] == 'server_to_server_enabled' else None})
                shown = number if self.fault('pan-in-logs') else mask(number)
                self.log.write('checkout %s %s/%s card %s save=%s' % (body['orderId'], provider, body['flow'], shown, card.get('save')))
            else:
                self.log.write('checkout %s %s/%s saved card %s' % (body['orderId'], provider, body['flow'], card.get('savedCardId')))
            order, created = self.store.new_order(provider, body['orderId'], **fields)
            if not created and order['status'] in ('paid', 'pending', 'action_required'):
                return {'orderId': order['orderId'], 'status': order['status']}
            self.register_reference(provider, order['paymentRequestId'], order['orderId'])
            result = adapter.checkout(body, order)
        if 'issue' in result:
            raise Issue(*result['issue'])
        return result['value']

    def saved_cards(self, body):
        cards = self.store.cards_of(body['provider'], body['buyerRef'])
        shown = []
        for card in cards:
            entry = {'id': card['id'], 'masked': card['masked']}
            for name in ('brand', 'expiryMonth', 'expiryYear'):
                if card.get(name):
                    entry[name] = card[name]
            shown.append(entry)
        return {'cards': shown}

    def order(self, body):
        order = self.store.order(body['provider'], body['orderId'])
        if order is None:
            return {'orderId': body['orderId'], 'status': 'unknown', 'captures': 0}
        if order['amountValue'] == '0':
            raise Issue('no_order_record', 'a zero-amount save is kept as a saved card, not as an order')
        return {'orderId': order['orderId'], 'status': order['status'], 'captures': order['captures']}

    def reset(self, _):
        self.store.reset()
        self.log.clear()
        with self.lock:
            self.references.clear()
            self.checkout_locks.clear()
        return {}

    def logs(self, _):
        return {'lines': self.log.snapshot()}


OPERATIONS = {'capabilities': Shop.capabilities, 'configure': Shop.configure, 'checkout': Shop.checkout,
              'saved-cards': Shop.saved_cards, 'order': Shop.order, 'reset': Shop.reset, 'logs': Shop.logs}


def make_handler(shop):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *_):
            pass

        def _send(self, status, body, content_type='application/json'):
            self.send_response(status)
            self.send_header('Content-Type', content_type)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path.startswith('/pay/adyen/'):
                session = html.escape(urllib.parse.unquote(path.rsplit('/', 1)[1]))
                page = '<!doctype html><title>Pay</title><div id="dropin" data-session="%s"></div>' % session
                return self._send(200, page.encode(), 'text/html; charset=utf-8')
            self._send(404, b'{}')

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get('Content-Length') or 0))
            path = urllib.parse.urlsplit(self.path).path
            if path == antom.NOTIFY_PATH:
                return self._send(*shop.adapters['antom'].notification(self.path, dict(self.headers.items()), raw))
            if path == adyen.WEBHOOK_PATH:
                status, body = shop.adapters['adyen'].notification(self.path, dict(self.headers.items()), raw)
                return self._send(status, body, 'text/plain')
            prefix = '/tokenproof/v1/'
            operation = OPERATIONS.get(path[len(prefix):]) if path.startswith(prefix) else None
            if operation is None:
                return self._send(404, b'{}')
            try:
                value = operation(shop, json.loads(raw or b'{}'))
                answer = {'ok': True, 'value': value}
            except Issue as issue:
                answer = {'ok': False, 'issue': {'code': issue.code, 'message': issue.message}}
            except (KeyError, TypeError, ValueError) as error:
                answer = {'ok': False, 'issue': {'code': 'bad_request', 'message': 'bad request: %s' % type(error).__name__}}
            self._send(200, json.dumps(answer).encode())

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8080)
    parser.add_argument('--flows', choices=sorted(CONFIGURATIONS), default=os.environ.get('MERCHANT_FLOWS', 'all'))
    parser.add_argument('--providers', default='antom,adyen')
    parser.add_argument('--timeout-ms', type=int, default=5000, help="each provider call's timeout")
    parser.add_argument('--fault', default=os.environ.get('MERCHANT_FAULT', ''), help='a mistake to make: ' + ', '.join(FAULT_NAMES))
    parser.add_argument('--echo-log', action='store_true', help='also print the log lines')
    args = parser.parse_args()
    faults = {f for f in args.fault.split(',') if f}
    unknown = faults - set(FAULT_NAMES)
    if unknown:
        parser.error('unknown fault %s (known: %s)' % (', '.join(sorted(unknown)), ', '.join(FAULT_NAMES)))
    shop = Shop(CONFIGURATIONS[args.flows], args.providers.split(','), args.timeout_ms / 1000, faults, Log(args.echo_log))
    server = ThreadingHTTPServer((args.host, args.port), make_handler(shop))
    server.daemon_threads = True
    shop.public_url = 'http://%s:%d' % (args.host, server.server_address[1])
    print('listening on %s/tokenproof' % shop.public_url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
