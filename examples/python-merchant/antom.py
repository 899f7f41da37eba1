"""The shop's Antom integration (docs/antom.md): signed calls, verified answers and notifications.

Flows: server_to_server_enabled (card data in `pay`), session_ask_consent (Antom's Checkout Page
asks the buyer), token_reuse_pay (a saved card, merchant-initiated).
"""
import base64
import json
import time
import urllib.parse

import rsa_sha256
from common import call

PROVIDER = 'antom'
NOTIFY_PATH = '/antom/notify'
ACK = json.dumps({'result': {'resultCode': 'SUCCESS', 'resultStatus': 'S', 'resultMessage': 'success'}}).encode()
PAY_FLOWS = ('server_to_server_enabled', 'session_ask_consent')
REUSE_FLOW = 'token_reuse_pay'


class Antom:
    id = PROVIDER

    def __init__(self, shop):
        self.shop = shop
        self.settings = None

    # --- set-up -------------------------------------------------------------------------------

    def configure(self, base_url, credentials):
        self.settings = {
            'baseUrl': base_url.rstrip('/'),
            'clientId': credentials['clientId'],
            'privateKey': rsa_sha256.load_private_key(credentials['merchantPrivateKey']),
            'antomKey': rsa_sha256.load_public_key(credentials['antomPublicKey']),
        }
        return self.shop.public_url + NOTIFY_PATH

    # --- signing ------------------------------------------------------------------------------

    def _signed_post(self, operation, body, timeout=None):
        s = self.settings
        path = '/ams/api/v1/' + operation
        raw = json.dumps(body, separators=(',', ':')).encode()
        request_time = str(int(time.time() * 1000))
        content = ('POST %s\n%s.%s.' % (path, s['clientId'], request_time)).encode() + raw
        signature = urllib.parse.quote(base64.b64encode(rsa_sha256.sign(content, s['privateKey'])).decode(), safe='')
        headers = {'Content-Type': 'application/json; charset=UTF-8', 'Client-Id': s['clientId'], 'Request-Time': request_time,
                   'Signature': 'algorithm=RSA256,keyVersion=1,signature=' + signature}
        answer = call('POST', s['baseUrl'] + path, raw, headers, timeout or self.shop.timeout)
        return path, answer

    def _signature_ok(self, path, client_id, stamp, raw, header):
        if not client_id or not stamp or not header or 'signature=' not in header:
            return False
        encoded = header.split('signature=', 1)[1].split(',', 1)[0].strip()
        try:
            signature = base64.b64decode(urllib.parse.unquote(encoded), validate=True)
        except ValueError:
            return False
        content = ('POST %s\n%s.%s.' % (path, client_id, stamp)).encode() + raw
        return rsa_sha256.verify(content, signature, self.settings['antomKey'])

    def _post(self, operation, body):
        """A call whose answer is trusted only when it verifies: None means the outcome is unknown."""
        path, answer = self._signed_post(operation, body)
        if answer.status != 200:
            self.shop.log.write('antom %s: no usable answer (%s)' % (operation, answer.status or answer.error))
            return None
        parsed = answer.json()
        if not isinstance(parsed, dict):
            return None
        if not self.shop.fault('answer-unverified'):
            if not self._signature_ok(path, answer.header('Client-Id'), answer.header('Response-Time'), answer.body, answer.header('Signature')):
                self.shop.log.write('antom %s: answer signature does not verify, outcome unknown' % operation)
                return None
        return parsed

    # --- checkout -----------------------------------------------------------------------------

    def checkout(self, request, order):
        flow = request['flow']
        if flow == 'server_to_server_enabled':
            return self._pay_with_card(request, order)
        if flow == 'session_ask_consent':
            return self._session(request, order)
        if flow == REUSE_FLOW:
            return self._pay_with_token(request, order)
        return {'issue': ('unsupported_flow', 'this shop does not offer %s with Antom' % flow)}

    def _base_body(self, request, order):
        amount = {'currency': request['amount']['currency'], 'value': request['amount']['value']}
        return {
            'productCode': 'CASHIER_PAYMENT',
            'paymentRequestId': order['paymentRequestId'],
            'paymentAmount': amount,
            'order': {'referenceOrderId': request['orderId'], 'orderDescription': 'Order ' + request['orderId'], 'orderAmount': amount,
                      'buyer': {'referenceBuyerId': self.shop.buyer_reference(request['buyerRef'])}},
            'paymentNotifyUrl': self.shop.public_url + NOTIFY_PATH,
            'paymentRedirectUrl': self.shop.public_url + '/return/antom/' + urllib.parse.quote(request['orderId']),
        }

    def _pay_with_card(self, request, order):
        card = request['card']['card']
        save = request['card'].get('save') is True or self.shop.fault('save-without-consent')
        meta = {'cardNo': card['number'], 'expiryMonth': card['expiryMonth'], 'expiryYear': card['expiryYear'], 'cvv': card['cvv']}
        if card.get('holderName'):
            meta['cardholderName'] = {'fullName': card['holderName']}
        if save:
            meta['tokenizeMode'] = 'ENABLED'
        body = self._base_body(request, order)
        body['paymentMethod'] = {'paymentMethodType': 'CARD', 'paymentMethodMetaData': meta}
        if self.shop.fault('cvv-on-reuse'):
            order['keptCvv'] = card['cvv']
        return self._settle_pay(request, order, body)

    def _pay_with_token(self, request, order):
        card = self.shop.saved_card_for(PROVIDER, request)
        if isinstance(card, dict) and 'issue' in card:
            return card
        meta = {'isCardOnFile': True}
        if self.shop.fault('reuse-wrong-flags'):
            meta = {'isCardOnFile': False}
        if self.shop.fault('reuse-without-flags'):
            meta = {}
        if self.shop.fault('cvv-on-reuse') and card.get('keptCvv'):
            meta['cvv'] = card['keptCvv']
        body = self._base_body(request, order)
        body['order']['buyer']['referenceBuyerId'] = self.shop.buyer_reference(card['buyerRef'])
        body['paymentMethod'] = {'paymentMethodType': 'CARD', 'paymentMethodId': card['token'], 'paymentMethodMetaData': meta}
        return self._settle_pay(request, order, body, token_payment=True)

    def _settle_pay(self, request, order, body, token_payment=False):
        answer = self._post('payments/pay', body)
        attempts = 1
        while answer is None or self._unknown(answer):
            if self.shop.fault('no-inquiry'):
                return self._book(order, 'failed')
            if attempts >= 2:
                return self._inquire(order)
            if self.shop.fault('retry-new-key'):
                order['paymentRequestId'] = body['paymentRequestId'] = body['paymentRequestId'] + 'r'
                self.shop.register_reference(PROVIDER, body['paymentRequestId'], order['orderId'])
            attempts += 1
            answer = self._post('payments/pay', body)
        result = answer.get('result', {})
        status = result.get('resultStatus')
        if status == 'S':
            info = answer.get('paymentResultInfo') or {}
            if self.shop.fault('token-before-success') and info.get('cardToken') and order.get('save'):
                self._keep_card(order, info)
            return self._book(order, 'paid', answer.get('paymentId'))
        if status == 'F':
            if self.shop.fault('retry-final-error') or (token_payment and self.shop.fault('deleted-token-retried')):
                self._retry_final(body, token_payment)
            self.shop.log.write('antom pay %s refused: %s' % (order['orderId'], result.get('resultCode')))
            return self._book(order, 'failed')
        # U with PAYMENT_IN_PROCESS: the buyer acts (3DS) or the provider decides later.
        url = answer.get('normalUrl') or (answer.get('redirectActionForm') or {}).get('redirectUrl')
        if url:
            self.shop.store.set_status(order, 'action_required')
            return {'value': self._output(order, answer.get('paymentId'), url)}
        return self._book(order, self.shop.pending_status(), answer.get('paymentId'))

    def _retry_final(self, body, token_payment):
        tries = 3 if token_payment else 1
        for n in range(tries):
            again = dict(body)
            if token_payment:
                again['paymentRequestId'] = body['paymentRequestId'] + '-again%d' % n
            self._post('payments/pay', again)

    def _unknown(self, answer):
        result = answer.get('result', {})
        status = result.get('resultStatus')
        return status not in ('S', 'F') and result.get('resultCode') != 'PAYMENT_IN_PROCESS'

    def _inquire(self, order):
        answer = self._post('payments/inquiryPayment', {'paymentRequestId': order['paymentRequestId']})
        payment = (answer or {}).get('paymentStatus') if (answer or {}).get('result', {}).get('resultStatus') == 'S' else None
        if payment == 'SUCCESS':
            return self._book(order, 'paid', answer.get('paymentId'))
        if payment in ('FAIL', 'CANCELLED'):
            return self._book(order, 'failed')
        # Still not known (or the payment was never received): pending, the notification will say.
        return self._book(order, 'pending')

    def _session(self, request, order):
        body = self._base_body(request, order)
        body['availablePaymentMethod'] = {'paymentMethodTypeList': [{'paymentMethodType': 'CARD'}],
                                          'paymentMethodMetaData': {'tokenizeMode': 'ASKFORCONSENT'}}
        answer = self._post('payments/createPaymentSession', body)
        if answer is None or answer.get('result', {}).get('resultStatus') == 'U':
            answer = self._post('payments/createPaymentSession', body)
        if answer is None or answer.get('result', {}).get('resultStatus') != 'S' or not answer.get('normalUrl'):
            code = (answer or {}).get('result', {}).get('resultCode', 'no answer')
            return {'issue': ('session_failed', 'Antom did not open a payment session: %s' % code)}
        self.shop.store.set_status(order, 'action_required')
        return {'value': self._output(order, answer.get('paymentSessionId'), answer['normalUrl'])}

    def _book(self, order, status, reference=None):
        self.shop.store.set_status(order, status)
        return {'value': self._output(order, reference)}

    def _output(self, order, reference=None, url=None):
        out = {'orderId': order['orderId'], 'status': order['status']}
        if url:
            out['buyerActionUrl'] = url
        if reference:
            out['providerReference'] = reference
        return out

    # --- notifications --------------------------------------------------------------------------

    def notification(self, path, headers, raw):
        shop = self.shop
        get = lambda name: next((v for k, v in headers.items() if k.lower() == name.lower()), None)  # noqa: E731
        if self.settings is None:
            return 503, b'{}'
        if not shop.fault('notification-unverified'):
            if not self._signature_ok(path, get('Client-Id'), get('Request-Time'), raw, get('Signature')):
                shop.log.write('antom notification rejected: signature does not verify')
                return 401, b'{"error":"signature"}'
        try:
            body = json.loads(raw.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            return 400, b'{"error":"body"}'
        if not shop.fault('notification-any-merchant') and get('Client-Id') != self.settings['clientId']:
            shop.log.write('antom notification for another client id ignored')
            return 400, b'{"error":"client"}'
        order_id = shop.order_id_for(PROVIDER, body.get('paymentRequestId'))
        order = shop.store.order(PROVIDER, order_id) if order_id else None
        if order is None:
            # Not a payment of ours (or one from before a reset): acknowledge so it stops.
            return 200, ACK
        amount = body.get('paymentAmount') or {}
        if not shop.fault('notification-any-merchant') and (amount.get('value') != order['amountValue'] or amount.get('currency') != order['currency']):
            shop.log.write('antom notification for %s with another amount ignored' % order['orderId'])
            return 400, b'{"error":"amount"}'
        result = body.get('result') or {}
        kind = body.get('notifyType')
        key = (PROVIDER, kind, body.get('paymentRequestId'), body.get('paymentId'), result.get('resultStatus'))
        duplicate = not shop.store.first_time(key)
        if duplicate and not shop.fault('webhook-applied-twice'):
            return 200, ACK
        if kind == 'PAYMENT_RESULT':
            if result.get('resultStatus') == 'S':
                self._paid_by_notification(order, body, duplicate)
            elif result.get('resultStatus') == 'F':
                shop.store.set_status(order, 'failed')
        elif kind == 'PAYMENT_PENDING':
            shop.store.set_status(order, shop.pending_status(), overwrite_final=shop.fault('late-notification-overwrites'))
        shop.log.write('antom notification %s for %s applied' % (kind, order['orderId']))
        return 200, ACK

    def _paid_by_notification(self, order, body, duplicate):
        shop = self.shop
        if duplicate and order['status'] == 'paid':
            order['captures'] += 1
        shop.store.set_status(order, 'paid')
        info = body.get('paymentResultInfo') or {}
        if info.get('cardToken') and order.get('save') is not False:
            self._keep_card(order, info)

    def _keep_card(self, order, info):
        # The checkout's own first-6/last-4 where the shop saw the card; Antom's masked number otherwise.
        masked = order.get('masked') or info.get('cardNo', '')
        card = self.shop.store.save_card(PROVIDER, order['buyerRef'], info['cardToken'], masked,
                                         info.get('cardBrand'), order.get('expiryMonth'), order.get('expiryYear'))
        if order.get('keptCvv'):
            card['keptCvv'] = order['keptCvv']
