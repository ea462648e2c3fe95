// The reference a user would pick instead of Sentio: transformers.js (@huggingface/transformers) serving the same model
// folder with pipeline('sentiment-analysis') behind a minimal node:http server that answers Sentio's single-text
// request, POST /api/analyze {"text": ...}, with {"label", "score"}. Nothing else: no batching beyond what one call
// does, no limits. Usage: node server.mjs MODEL_DIR PORT   (bench/vs-transformersjs.sh lays the folder out)
import http from 'node:http';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';

const [modelDir, port] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = path.dirname(path.resolve(modelDir));
const classify = await pipeline('sentiment-analysis', path.basename(modelDir), { dtype: 'q8', device: 'cpu' });

http.createServer((request, response) => {
  if (request.method === 'GET') { // the pipeline is loaded before the server listens: any GET means ready
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('ready');
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const [result] = await classify(text);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ label: result.label, score: result.score }));
    } catch (e) {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: String(e) }));
    }
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`transformers.js ready on ${port}`));
