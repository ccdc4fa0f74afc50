// Every start path serves in production mode unless told otherwise (`npm run dev` says development).
process.env.NODE_ENV ||= "production";
