import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';

/** Who is calling: every query on tenant data must filter by `tenantId`. */
export interface Caller {
  userId: string;
  tenantId: string;
  role: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/** Verifies the bearer token and puts the caller on the request. */
export function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const secret = process.env.JWT_SECRET;
  if (!token || !secret) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    req.caller = {
      userId: String(claims.sub),
      tenantId: String(claims.tid),
      role: String(claims.role),
    };
    next();
  } catch {
    res.status(401).json({ error: 'unauthorized' });
  }
}

/** The caller of an authenticated request. */
export function callerOf(req: Request): Caller {
  if (!req.caller) throw new Error('requireAuth must run first');
  return req.caller;
}
