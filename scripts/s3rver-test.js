#!/usr/bin/env node
// The S3 server of ./test.sh: s3rver 3.7.1 (package.json), with the XML namespace of its responses
// corrected (docs/storage.md) and the two multipart operations it lacks added, so the tests can
// prove an aborted upload leaves nothing behind:
//   AbortMultipartUpload   DELETE /bucket/key?uploadId=ID   -> removes the upload's parts, 204
//   ListMultipartUploads   GET /bucket?uploads[&prefix=P]   -> the unfinished uploads
// Both follow the S3 API reference (AbortMultipartUpload, ListMultipartUploads) and operate on
// s3rver's own on-disk layout (FilesystemStore: <bucket>/._S3rver_uploads/<uploadId>/{key,1,2,...}).
// Usage: node scripts/s3rver-test.js <directory> <address> <port> <bucket>
'use strict';
const path = require('path');
const fs = require('fs-extra');
const S3rver = require('s3rver');

const [directory, address, port, bucket] = process.argv.slice(2);
if (!bucket) {
  console.error('usage: s3rver-test.js <directory> <address> <port> <bucket>');
  process.exit(2);
}
// s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node
// 17 and later) keeps in its legacy provider: without it every listing longer than one page (1000
// keys) answers InternalError. Refuse to start rather than serve that.
try {
  require('crypto').createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
} catch (err) {
  console.error(`s3rver's continuation tokens need DES (${err.message}): run node with --openssl-legacy-provider`);
  process.exit(2);
}
fs.ensureDirSync(directory);
const server = new S3rver({
  directory, address, port: Number(port), silent: true,
  configureBuckets: [{ name: bucket, configs: [] }],
});

const xml = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const uploadsRoot = b => server.store.getResourcePath(b, undefined, 'uploads');
const validId = id => /^[A-Za-z0-9_.-]+$/.test(id);

server.middleware.unshift(async (ctx, next) => {
  const match = /^\/([^/]+)\/?(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, b, key] = match;
  if (ctx.method === 'DELETE' && key && typeof ctx.query.uploadId === 'string') {
    const id = ctx.query.uploadId;
    const dir = path.join(uploadsRoot(b), id);
    if (!validId(id) || !(await fs.pathExists(dir))) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xml(id)}</UploadId></Error>`;
      return;
    }
    await fs.remove(dir);
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'GET' && !key && 'uploads' in ctx.query) {
    const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
    const root = uploadsRoot(b);
    const ids = (await fs.pathExists(root)) ? await fs.readdir(root) : [];
    const uploads = [];
    for (const id of ids) {
      const keyFile = path.join(root, id, 'key');
      if (!(await fs.pathExists(keyFile))) continue;
      const uploadKey = (await fs.readFile(keyFile)).toString();
      if (!uploadKey.startsWith(prefix)) continue;
      const initiated = (await fs.stat(keyFile)).mtime.toISOString();
      uploads.push(`<Upload><Key>${xml(uploadKey)}</Key><UploadId>${xml(id)}</UploadId><Initiated>${initiated}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`);
    }
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xml(b)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><Prefix>${xml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>${uploads.join('')}</ListMultipartUploadsResult>`;
    return;
  }
  return next();
});

// s3rver writes ListBucketResult, LocationConstraint, ListAllMyBucketsResult and
// AccessControlPolicy in the namespace "http://doc.s3.amazonaws.com/2006-03-01/"; the S3 API's is
// "http://s3.amazonaws.com/doc/2006-03-01/". The Minio SDK looks list entries up in the right one
// and finds none, so every response body is corrected on the way out (this middleware runs first,
// so its second half runs after s3rver has turned the response object into XML).
const WRONG_NS = 'xmlns="http://doc.s3.amazonaws.com/2006-03-01/"';
const S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
server.middleware.unshift(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.body.includes(WRONG_NS)) {
    const type = ctx.type;
    ctx.body = ctx.body.split(WRONG_NS).join(S3_NS);
    ctx.type = type;
  }
});

server.run().then(
  () => console.log(`s3rver listening on ${address}:${port}, bucket ${bucket}`),
  err => { console.error(err); process.exit(1); },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
