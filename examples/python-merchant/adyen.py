"""The shop's Adyen integration (docs/adyen.md): Checkout API calls with idempotency keys, Drop-in
sessions, and webhooks verified by HMAC before anything is applied.

Flows: server_to_server_enabled (/payments with the card), session_ask_consent and sdk_session
(Drop-in on the shop's own page), zero_amount_save (a zero-auth session), token_reuse_pay
(merchant-initiated /payments with the stored card).
"""
import base64
import hashlib
import hmac
import json
import urllib.parse

from common import call

PROVIDER = 'adyen'
WEBHOOK_PATH = '/adyen/webhook'
PAY_FLOWS = ('server_to_server_enabled', 'session_ask_consent', 'sdk_session')
SAVE_ONLY_FLOW = 'zero_amount_save'
REUSE_FLOW = 'token_reuse_pay'
HMAC_FIELDS = ('pspReference', 'originalReference', 'merchantAccountCode', 'merchantReference')


def hmac_signature(item, key_hex):
    amount = item.get('amount') or {}
    values = [str(item.get(name) or '') for name in HMAC_FIELDS]
    values += [str(amount.get('value', '')), str(amount.get('currency', '')), str(item.get('eventCode') or ''), str(item.get('success') or '')]
    digest = hmac.new(bytes.fromhex(key_hex), ':'.join(values).encode('utf-8'), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class Adyen:
    id = PROVIDER

    def __init__(self, shop):
        self.shop = shop
        self.settings = None

    def configure(self, base_url, credentials):
        self.settings = {'baseUrl': base_url.rstrip('/') + '/v72', 'apiKey': credentials['apiKey'],
                         'merchantAccount': credentials['merchantAccount'], 'hmacKey': credentials['hmacKey']}
        return self.shop.public_url + WEBHOOK_PATH

    def _post(self, path, body, key):
        headers = {'Content-Type': 'application/json', 'X-API-Key': self.settings['apiKey']}
        if key:
            headers['Idempotency-Key'] = key
        return call('POST', self.settings['baseUrl'] + path, json.dumps(body, separators=(',', ':')).encode(), headers, self.shop.timeout)

    # --- checkout -----------------------------------------------------------------------------

    def checkout(self, request, order):
        flow = request['flow']
        if flow == 'server_to_server_enabled':
            return self._pay_with_card(request, order)
        if flow in ('session_ask_consent', 'sdk_session', SAVE_ONLY_FLOW):
            return self._session(request, order)
        if flow == REUSE_FLOW:
            return self._pay_with_token(request, order)
        return {'issue': ('unsupported_flow', 'this shop does not offer %s with Adyen' % flow)}

    def _common(self, request, buyer_ref):
        return {'merchantAccount': self.settings['merchantAccount'], 'reference': request['orderId'],
                'amount': {'currency': request['amount']['currency'], 'value': int(request['amount']['value'])},
                'shopperReference': self.shop.buyer_reference(buyer_ref),
                'returnUrl': self.shop.public_url + '/return/adyen/' + urllib.parse.quote(request['orderId'])}

    def _pay_with_card(self, request, order):
        card = request['card']['card']
        save = request['card'].get('save') is True or self.shop.fault('save-without-consent')
        method = {'type': 'scheme', 'number': card['number'], 'expiryMonth': card['expiryMonth'],
                  'expiryYear': '20' + card['expiryYear'], 'cvc': card['cvv']}
        # Adyen's test environment picks refused and pending payments by the holder name.
        if card.get('holderName'):
            method['holderName'] = card['holderName']
        body = self._common(request, request['buyerRef'])
        body.update({'paymentMethod': method, 'shopperInteraction': 'Ecommerce'})
        if save:
            body.update({'storePaymentMethod': True, 'recurringProcessingModel': 'CardOnFile'})
        if self.shop.fault('cvv-on-reuse'):
            order['keptCvv'] = card['cvv']
        return self._settle(order, body, token_payment=False)

    def _pay_with_token(self, request, order):
        card = self.shop.saved_card_for(PROVIDER, request)
        if isinstance(card, dict) and 'issue' in card:
            return card
        method = {'type': 'scheme', 'storedPaymentMethodId': card['token']}
        if self.shop.fault('cvv-on-reuse') and card.get('keptCvv'):
            method['cvc'] = card['keptCvv']
        body = self._common(request, card['buyerRef'])
        body['paymentMethod'] = method
        # Merchant-initiated with a stored card: ContAuth and a merchant-initiated model, no CVC.
        if self.shop.fault('reuse-wrong-flags'):
            body.update({'shopperInteraction': 'ContAuth', 'recurringProcessingModel': 'CardOnFile'})
        elif not self.shop.fault('reuse-without-flags'):
            body.update({'shopperInteraction': 'ContAuth', 'recurringProcessingModel': 'UnscheduledCardOnFile'})
        return self._settle(order, body, token_payment=True)

    def _settle(self, order, body, token_payment):
        key = order['orderId'] + '-payments'
        answer = self._post('/payments', body, key)
        attempts = 1
        while answer.status is None or answer.status >= 500:
            if self.shop.fault('no-inquiry'):
                return self._book(order, 'failed')
            if attempts >= 3:
                # Still unknown: Adyen has no lookup by reference; the AUTHORISATION webhook will say.
                self.shop.log.write('adyen payment %s: outcome unknown after %d tries, waiting for the webhook' % (order['orderId'], attempts))
                return self._book(order, 'pending')
            if self.shop.fault('retry-new-key'):
                key = key + 'r'
            attempts += 1
            answer = self._post('/payments', body, key)
        parsed = answer.json() or {}
        if answer.status != 200:
            # A validation error (4xx) is final for the request as sent: not sent again.
            if self.shop.fault('retry-final-error') or (token_payment and self.shop.fault('deleted-token-retried')):
                for n in range(3 if token_payment else 1):
                    self._post('/payments', body, key + '-again%d' % n if token_payment else key)
            self.shop.log.write('adyen payment %s rejected: %s %s' % (order['orderId'], answer.status, parsed.get('errorCode')))
            return self._book(order, 'failed')
        order['psp'] = parsed.get('pspReference')
        code = parsed.get('resultCode')
        if code == 'Authorised':
            token = (parsed.get('additionalData') or {}).get('recurring.recurringDetailReference')
            if token and self.shop.fault('token-before-success') and order.get('save'):
                self._keep_card(order, token)
            return self._book(order, 'paid')
        if code in ('Refused', 'Error', 'Cancelled'):
            if self.shop.fault('retry-final-error'):
                self._post('/payments', body, key + '-again')
            return self._book(order, 'failed')
        if code in ('Received', 'Pending'):
            return self._book(order, self.shop.pending_status())
        return self._book(order, 'pending')

    def _session(self, request, order):
        flow = request['flow']
        body = self._common(request, request['buyerRef'])
        body['shopperInteraction'] = 'Ecommerce'
        save = request['card'].get('save') is True or self.shop.fault('save-without-consent')
        if flow == 'session_ask_consent':
            mode = 'askForConsent'
        else:
            mode = 'enabled' if save else 'disabled'
        body['storePaymentMethodMode'] = mode
        if mode != 'disabled':
            body['recurringProcessingModel'] = 'CardOnFile'
        answer = self._post('/sessions', body, order['orderId'] + '-session')
        if answer.status is None or answer.status >= 500:
            answer = self._post('/sessions', body, order['orderId'] + '-session')
        parsed = answer.json() or {}
        if answer.status not in (200, 201) or not parsed.get('id'):
            return {'issue': ('session_failed', 'Adyen did not open a session: %s %s' % (answer.status, parsed.get('errorCode')))}
        order['sessionId'] = parsed['id']
        self.shop.store.set_status(order, 'action_required')
        # The shop's own page mounts Drop-in with the session (served by merchant.py).
        url = self.shop.public_url + '/pay/adyen/' + urllib.parse.quote(parsed['id'], safe='')
        return {'value': {'orderId': order['orderId'], 'status': order['status'], 'buyerActionUrl': url, 'providerReference': parsed['id']}}

    def _book(self, order, status):
        self.shop.store.set_status(order, status)
        out = {'orderId': order['orderId'], 'status': order['status']}
        if order.get('psp'):
            out['providerReference'] = order['psp']
        return {'value': out}

    # --- webhooks -------------------------------------------------------------------------------

    def notification(self, path, headers, raw):
        shop = self.shop
        if self.settings is None:
            return 503, b''
        try:
            body = json.loads(raw.decode('utf-8'))
            items = [entry['NotificationRequestItem'] for entry in body['notificationItems']]
        except (ValueError, UnicodeDecodeError, KeyError, TypeError):
            return 400, b'bad body'
        for item in items:
            if not self._verified(item):
                shop.log.write('adyen webhook rejected: HMAC missing or wrong')
                return 401, b'hmac'
        for item in items:
            self._apply(item)
        return 200, b'[accepted]'

    def _verified(self, item):
        if self.shop.fault('notification-unverified'):
            return True
        given = (item.get('additionalData') or {}).get('hmacSignature')
        if not given:
            return self.shop.fault('webhook-hmac-optional')
        return hmac.compare_digest(given.encode(), hmac_signature(item, self.settings['hmacKey']).encode())

    def _apply(self, item):
        shop = self.shop
        order = shop.store.order(PROVIDER, item.get('merchantReference') or '')
        if order is None:
            return
        amount = item.get('amount') or {}
        if not shop.fault('notification-any-merchant'):
            if item.get('merchantAccountCode') != self.settings['merchantAccount']:
                shop.log.write('adyen webhook for another merchant account ignored')
                return
            if str(amount.get('value')) != order['amountValue'] or amount.get('currency') != order['currency']:
                shop.log.write('adyen webhook for %s with another amount ignored' % order['orderId'])
                return
        event = item.get('eventCode')
        key = (PROVIDER, item.get('pspReference'), event, item.get('success'))
        duplicate = not shop.store.first_time(key)
        if duplicate and not shop.fault('webhook-applied-twice'):
            return
        additional = item.get('additionalData') or {}
        if event == 'AUTHORISATION':
            if item.get('success') == 'true':
                order['psp'] = item.get('pspReference')
                if additional.get('cardSummary') and not order.get('masked'):
                    order['masked'] = '**** ' + additional['cardSummary']
                if duplicate and order['status'] == 'paid':
                    order['captures'] += 1
                shop.store.set_status(order, 'paid')
                if order.get('heldToken'):
                    self._keep_card(order, order.pop('heldToken'))
            else:
                shop.store.set_status(order, 'failed')
        elif event == 'RECURRING_CONTRACT' and item.get('success') == 'true':
            token = additional.get('recurring.recurringDetailReference') or item.get('pspReference')
            if additional.get('recurring.shopperReference') not in (None, shop.buyer_reference(order['buyerRef'])):
                return
            # The token is kept once the payment is known to be authorised; it may come first.
            if order['status'] == 'paid':
                self._keep_card(order, token)
            else:
                order['heldToken'] = token
        shop.log.write('adyen webhook %s for %s applied' % (event, order['orderId']))

    def _keep_card(self, order, token):
        card = self.shop.store.save_card(PROVIDER, order['buyerRef'], token, order.get('masked') or '****',
                                         order.get('brand'), order.get('expiryMonth'), order.get('expiryYear'))
        if order.get('keptCvv'):
            card['keptCvv'] = order['keptCvv']
