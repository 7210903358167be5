CongkhaiSearch.load("s:l",{"lam":[[],"AM"],"le":[[],"CM"],"luat":[[],"CM"],"luc":[[],"CUAM"]});
